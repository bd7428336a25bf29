import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { useInProcessApp } from "../helpers/in-process";

// GPT image models' own parameters (background, moderation, quality) must reach the provider and the ledger
// unchanged, as the official SDK sends them.
const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
  POST(new Request(input, init), { params: Promise.resolve({}) });

useInProcessApp();

interface LedgerRow {
  param: string;
  requested: unknown;
  sent: unknown;
  handling: string;
}

describe("GPT image model parameters", () => {
  it("passes background, moderation and quality through and records them in the ledger", async () => {
    const client = new OpenAI({ baseURL: "http://127.0.0.1/v1", apiKey: "x", fetch: inProcessFetch as never, maxRetries: 0 });
    const res = await client.images.generate({
      model: "gpt-image-1",
      prompt: "a paper boat",
      background: "transparent",
      moderation: "low",
      quality: "high",
      output_format: "png",
    });
    expect(res.data?.[0]?.b64_json).toBeTruthy();
    const ledger = (res as unknown as { darkroom: { ledger: LedgerRow[] } }).darkroom.ledger;
    const row = (param: string) => ledger.find((entry) => entry.param === param);
    expect(row("background")).toMatchObject({ requested: "transparent", sent: "transparent", handling: "passthrough" });
    expect(row("moderation")).toMatchObject({ requested: "low", sent: "low", handling: "passthrough" });
    expect(row("quality")).toMatchObject({ requested: "high", sent: "high" });
  });
});

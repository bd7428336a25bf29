import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { startOpenAIFake } from "../fakes/openai-fake";
import { useInProcessApp } from "../helpers/in-process";

// GPT image models' own parameters (background, moderation, quality) must reach the provider and the ledger
// unchanged, as the official SDK sends them.
const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
  POST(new Request(input, init), { params: Promise.resolve({}) });

// The OpenAI fake rejects fields OpenAI does not know and values it would refuse, so a pass means the wire is right.
const fake = await startOpenAIFake({ apiKey: "sk-compat" });
afterAll(() => fake.close());
useInProcessApp({ OPENAI_API_KEY: "sk-compat", OPENAI_BASE_URL: fake.url, DARKROOM_SIMULATOR: "off" });

interface LedgerRow {
  param: string;
  requested: unknown;
  sent: unknown;
  handling: string;
}

describe("GPT image models through the official SDK", () => {
  it("pass background, moderation and quality through, record them in the ledger and answer OpenAI's usage", async () => {
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
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: "gpt-image-1", background: "transparent", moderation: "low", quality: "high" });
    expect(res.usage).toMatchObject({ input_tokens: 50, input_tokens_details: { text_tokens: 40, image_tokens: 10 } });
    expect(res.usage!.total_tokens).toBe(50 + res.usage!.output_tokens);
    expect(res.usage!.output_tokens).toBeGreaterThan(0);
    const ledger = (res as unknown as { darkroom: { ledger: LedgerRow[] } }).darkroom.ledger;
    const row = (param: string) => ledger.find((entry) => entry.param === param);
    expect(row("background")).toMatchObject({ requested: "transparent", sent: "transparent", handling: "passthrough" });
    expect(row("moderation")).toMatchObject({ requested: "low", sent: "low", handling: "passthrough" });
    expect(row("quality")).toMatchObject({ requested: "high", sent: "high" });
  });
});

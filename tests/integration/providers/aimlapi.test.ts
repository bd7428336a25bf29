import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../helpers/app";
import { startAimlapiFake, type AimlapiFake } from "../../fakes/aimlapi-fake";

interface GenerationBody {
  data: { url?: string; b64_json?: string; revised_prompt?: string }[];
  size: string;
  darkroom: { provider: string; seeds: (number | null)[]; attempts: { provider: string; status: string }[] };
}
interface ErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

let fake: AimlapiFake;
let app: RunningApp;

const generate = (body: Record<string, unknown>) =>
  fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "aimlapi/imagen-4.0-generate-001", prompt: "a lighthouse at dusk", ...body }),
  });

beforeAll(async () => {
  fake = await startAimlapiFake();
  app = await startApp({ AIMLAPI_KEY: fake.apiKey, AIMLAPI_BASE_URL: fake.url, DARKROOM_RETRY_BASE_MS: "10" });
});

afterEach(() => fake.reset());

afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

describe("aimlapi through the gateway", () => {
  it("generates base64 images at Imagen's native size with consecutive seeds", async () => {
    const response = await generate({ size: "1365x768", n: 2, seed: 77, response_format: "b64_json" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("aimlapi");
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("1408x768");
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      expect(await sharp(Buffer.from(item.b64_json!, "base64")).metadata()).toMatchObject({ format: "png", width: 1408, height: 768 });
      expect(item.revised_prompt).toMatch(/cinematic lighting/);
    }
    expect(body.darkroom.seeds).toEqual([77, 78]);
    expect(body.darkroom.attempts).toEqual([expect.objectContaining({ provider: "aimlapi", status: "succeeded" })]);
    expect(fake.requests.at(-1)!.body).toMatchObject({ model: "google/imagen-4.0-generate-001", num_images: 2, seed: 77, aspect_ratio: "16:9", convert_base64_to_url: false });
  });

  it("serves a durable URL even when AIML answers with its own URLs", async () => {
    fake.set({ scenario: "url" });
    const response = await generate({ size: "1024x1024", response_format: "url" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("1024x1024");
    const url = body.data[0]!.url!;
    expect(url.startsWith(`${app.url}/images/`)).toBe(true);
    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ width: 1024, height: 1024 });
  });

  it("turns a safety refusal into a 400 content_policy_violation", async () => {
    fake.set({ scenario: "safety" });
    const response = await generate({});
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("content_policy_violation");
  });

  it("rejects a prompt AIML cannot take (over 400 characters) with a 400 naming the limit", async () => {
    const response = await generate({ prompt: "a lighthouse ".repeat(40) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.message).toMatch(/at most 400 characters/);
    expect(fake.requests).toHaveLength(0);
  });

  it("reports an upstream outage as a 502/503 in the OpenAI error shape", async () => {
    fake.set({ scenario: "unavailable" });
    const response = await generate({});
    expect(response.status).toBe(503);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ type: expect.any(String), message: expect.stringContaining("aimlapi") });
    expect(body.error).toMatchObject({ type: "service_unavailable", code: "provider_unavailable" });
  });
});

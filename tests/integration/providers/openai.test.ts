import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenAIFake, type OpenAIFake } from "../../fakes/openai-fake";
import { startApp, type RunningApp } from "../../helpers/app";

interface GenerationBody {
  size: string;
  data: { url?: string; b64_json?: string }[];
  darkroom: {
    provider: string;
    simulated: boolean;
    cost_usd: number;
    attempts: { provider: string; status: string }[];
    ledger: { param: string; sent: unknown; handling: string }[];
    images: { url: string; width: number; height: number; format: string }[];
  };
}

let openai: OpenAIFake;
let lumenfall: OpenAIFake;
let app: RunningApp;

const generate = (body: Record<string, unknown>) =>
  fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: "a lighthouse at dusk", ...body }),
  });

beforeAll(async () => {
  openai = await startOpenAIFake({ apiKey: "sk-integration" });
  lumenfall = await startOpenAIFake({ apiKey: "lf-integration", prefix: "/openai/v1" });
  app = await startApp({
    OPENAI_API_KEY: "sk-integration",
    OPENAI_BASE_URL: openai.url,
    LUMENFALL_API_KEY: "lf-integration",
    LUMENFALL_BASE_URL: lumenfall.url,
  });
});

afterAll(async () => {
  await app?.dispose();
  await openai?.close();
  await lumenfall?.close();
});

beforeEach(() => {
  openai.setScenario({ kind: "success" });
  lumenfall.setScenario({ kind: "success" });
});

describe("openai through the gateway", () => {
  it("returns base64 images made by the fake, priced from the reported token usage", async () => {
    const response = await generate({ model: "openai/gpt-image-1-mini", size: "1536x1024", n: 2, response_format: "b64_json" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("openai");
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("1536x1024");
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      expect(await sharp(Buffer.from(item.b64_json!, "base64")).metadata()).toMatchObject({ format: "png", width: 1536, height: 1024 });
    }
    expect(body.darkroom.simulated).toBe(false);
    expect(body.darkroom.attempts).toEqual([expect.objectContaining({ provider: "openai", status: "succeeded" })]);
    // Fake usage: 40 text + 10 image input tokens, 816 output tokens, at gpt-image-1-mini's $2 / $2.5 / $8 per million.
    expect(body.darkroom.cost_usd).toBeCloseTo((40 * 2 + 10 * 2.5 + 816 * 8) / 1e6, 6);
    expect(openai.requests.at(-1)!.body).toEqual({ model: "gpt-image-1-mini", prompt: "a lighthouse at dusk", n: 2, size: "1536x1024" });
  });

  it("returns downloadable URLs and asks OpenAI for webp natively", async () => {
    const response = await generate({ model: "openai/gpt-image-1-mini", size: "1024x1024", output_format: "webp", output_compression: 70, quality: "low", response_format: "url" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("1024x1024");
    expect(openai.requests.at(-1)!.body).toMatchObject({ output_format: "webp", output_compression: 70, quality: "low" });
    const url = body.data[0]!.url!;
    expect(url.startsWith(`${app.url}/images/`)).toBe(true);
    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 1024, height: 1024 });
    expect(body.darkroom.ledger).toEqual(
      expect.arrayContaining([expect.objectContaining({ param: "output_format", sent: "webp", handling: "passthrough" })]),
    );
  });

  it("passes unknown parameters (background) through to OpenAI", async () => {
    const response = await generate({ model: "openai/gpt-image-1-mini", background: "transparent", moderation: "low" });
    expect(response.status).toBe(200);
    expect(openai.requests.at(-1)!.body).toMatchObject({ background: "transparent", moderation: "low" });
  });

  it("a moderation refusal is the caller's 400 content_policy_violation", async () => {
    openai.setScenario({ kind: "moderation" });
    const response = await generate({ model: "openai/gpt-image-1-mini" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; type: string; message: string } };
    expect(body.error.code).toBe("content_policy_violation");
    expect(body.error.message).toContain("safety system");
  });

  it.each([
    [503, 503],
    [500, 502],
  ])("an upstream %i is a %i in the OpenAI error shape", async (upstream, status) => {
    openai.setScenario({ kind: "server_error", status: upstream });
    const response = await generate({ model: "openai/gpt-image-1-mini" });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error).toMatchObject({ message: expect.stringContaining("openai"), type: expect.any(String), code: expect.any(String) });
  });
});

describe("lumenfall through the gateway", () => {
  it("serves a pinned request from its own base URL", async () => {
    const response = await generate({ model: "lumenfall/gpt-image-1-mini", size: "1024x1536", response_format: "url" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("lumenfall");
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("1024x1536");
    expect(body.darkroom.attempts).toEqual([expect.objectContaining({ provider: "lumenfall", status: "succeeded" })]);
    expect(lumenfall.requests.at(-1)).toMatchObject({ path: "/openai/v1/images/generations", headers: { authorization: "Bearer lf-integration" } });
    const image = await fetch(body.data[0]!.url!);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ width: 1024, height: 1536 });
  });
});

import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import { createLumenfallProvider, lumenfallProvider } from "@/lib/providers/lumenfall";
import { createOpenAIProvider, openaiProvider } from "@/lib/providers/openai";
import type { CallOptions, ImageModel } from "@/lib/providers/types";
import { MODERATION_MESSAGE, startOpenAIFake, type OpenAIFake } from "../../fakes/openai-fake";
import { callOptions as baseCallOptions, catalogOffer, providerFailure } from "../../helpers/call-options";

const KEY = "sk-test-key";
const MAX_BYTES = 50 * 1024 * 1024;
const offer = catalogOffer("gpt-image-1-mini", "openai");

let fake: OpenAIFake;
let openai: ImageModel;

const callOptions = (overrides: Partial<CallOptions> = {}) => baseCallOptions({ seed: 1234, ...overrides });

const signal = () => AbortSignal.timeout(15_000);
const lastBody = () => fake.requests.at(-1)!.body!;

const failure = providerFailure;

beforeAll(async () => {
  fake = await startOpenAIFake({ apiKey: KEY });
  openai = createOpenAIProvider({ apiKey: KEY, baseUrl: fake.url, maxDownloadBytes: MAX_BYTES }).imageModel(offer);
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.setScenario({ kind: "success" });
  fake.requests.length = 0;
});

describe("factories", () => {
  it("openai is enabled by OPENAI_API_KEY and defaults to api.openai.com", () => {
    expect(openaiProvider.create(parseEnv({}))).toBeUndefined();
    const provider = openaiProvider.create(parseEnv({ OPENAI_API_KEY: "sk-x" }))!;
    expect(provider).toMatchObject({ id: "openai", name: "OpenAI", simulated: false, baseUrl: "https://api.openai.com/v1" });
    expect(openaiProvider.create(parseEnv({ OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: "http://127.0.0.1:9/v1/" }))!.baseUrl).toBe("http://127.0.0.1:9/v1");
  });

  it("lumenfall is enabled by LUMENFALL_API_KEY and defaults to api.lumenfall.ai/openai/v1", () => {
    expect(lumenfallProvider.create(parseEnv({}))).toBeUndefined();
    const provider = lumenfallProvider.create(parseEnv({ LUMENFALL_API_KEY: "lf-x" }))!;
    expect(provider).toMatchObject({ id: "lumenfall", name: "Lumenfall", simulated: false, baseUrl: "https://api.lumenfall.ai/openai/v1" });
  });

  it("the model takes its id and batch size from the offer", () => {
    expect(openai).toMatchObject({ provider: "openai", modelId: "gpt-image-1-mini", maxImagesPerCall: 10 });
  });
});

describe("request", () => {
  it("sends a typical request: bearer key, path, model, prompt, n and size only", async () => {
    const result = await openai.doGenerate(callOptions(), { signal: signal() });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/images/generations");
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toEqual({ model: "gpt-image-1-mini", prompt: "a lighthouse at dusk", n: 1, size: "1024x1024" });
    expect(result.sent).toEqual({ prompt: "a lighthouse at dusk", n: 1, size: "1024x1024" });
    expect(result.warnings).toEqual([]);
  });

  it("sends a maximal request field by field, with unknown parameters passed through", async () => {
    const result = await openai.doGenerate(
      callOptions({
        n: 3,
        aspectRatio: "3:2",
        width: 1536,
        height: 1024,
        quality: "high",
        outputFormat: "webp",
        outputCompression: 80,
        user: "user-42",
        extra: { background: "transparent", moderation: "low" },
      }),
      { signal: signal() },
    );
    const body = lastBody();
    expect(body.model).toBe("gpt-image-1-mini");
    expect(body.prompt).toBe("a lighthouse at dusk");
    expect(body.n).toBe(3);
    expect(body.size).toBe("1536x1024");
    expect(body.quality).toBe("high");
    expect(body.output_format).toBe("webp");
    expect(body.output_compression).toBe(80);
    expect(body.user).toBe("user-42");
    expect(body.background).toBe("transparent");
    expect(body.moderation).toBe("low");
    expect(Object.keys(body).sort()).toEqual(
      ["background", "model", "moderation", "n", "output_compression", "output_format", "prompt", "quality", "size", "user"].sort(),
    );
    expect(result.sent).toEqual({
      prompt: "a lighthouse at dusk",
      n: 3,
      size: "1536x1024",
      quality: "high",
      output_format: "webp",
      output_compression: 80,
      user: "user-42",
    });
    expect(result.warnings).toEqual([]);
  });

  it("asks for jpeg natively, and leaves gif/avif to the gateway without sending output_format", async () => {
    await openai.doGenerate(callOptions({ outputFormat: "jpeg", outputCompression: 55 }), { signal: signal() });
    expect(lastBody()).toMatchObject({ output_format: "jpeg", output_compression: 55 });

    const avif = await openai.doGenerate(callOptions({ outputFormat: "avif", outputCompression: 40 }), { signal: signal() });
    expect(lastBody().output_format).toBeUndefined();
    expect(lastBody().output_compression).toBeUndefined();
    expect(avif.warnings).toEqual([]);
    expect(avif.images[0]!.mediaType).toBe("image/png");

    // png has no compression level: the normalizer already warned, the adapter must not send it (OpenAI rejects it).
    await openai.doGenerate(callOptions({ outputFormat: "png", outputCompression: 40 }), { signal: signal() });
    expect(lastBody()).toMatchObject({ output_format: "png" });
    expect(lastBody().output_compression).toBeUndefined();
  });

  it("turns every parameter the Images API lacks into a warning and never sends it", async () => {
    const result = await openai.doGenerate(
      callOptions({
        negativePrompt: "fog",
        seed: 99,
        seedExplicit: true,
        style: "vivid",
        thinking: "high",
        enhancePrompt: true,
        outputCompression: 70,
      }),
      { signal: signal() },
    );
    expect(lastBody()).toEqual({ model: "gpt-image-1-mini", prompt: "a lighthouse at dusk", n: 1, size: "1024x1024" });
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "negative_prompt"],
      ["unsupported", "seed"],
      ["unsupported", "style"],
      ["unsupported", "thinking"],
      ["unsupported", "enhance_prompt"],
      ["unsupported", "output_compression"],
    ]);
    for (const warning of result.warnings) expect(warning.message.length).toBeGreaterThan(10);
  });

  it("drops streaming extras (the gateway reads one JSON answer) with a warning", async () => {
    const result = await openai.doGenerate(callOptions({ extra: { stream: true, partial_images: 2, moderation: "low" } }), { signal: signal() });
    expect(lastBody()).toEqual({ model: "gpt-image-1-mini", prompt: "a lighthouse at dusk", n: 1, size: "1024x1024", moderation: "low" });
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "stream"],
      ["unsupported", "partial_images"],
    ]);
  });

  it("does not warn about a seed the gateway drew itself", async () => {
    const result = await openai.doGenerate(callOptions({ seed: 7, seedExplicit: false }), { signal: signal() });
    expect(result.warnings).toEqual([]);
  });
});

describe("response", () => {
  it("decodes base64 images of the asked size and maps usage, metadata and request id", async () => {
    const result = await openai.doGenerate(callOptions({ n: 2, aspectRatio: "2:3", width: 1024, height: 1536, quality: "low" }), { signal: signal() });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image.mediaType).toBe("image/png");
      expect(image.seed).toBeUndefined();
      expect(image.revisedPrompt).toBeUndefined();
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "png", width: 1024, height: 1536 });
    }
    expect(result.usage).toEqual({ inputTokens: 50, inputImageTokens: 10, outputTokens: 816 });
    expect(result.response).toEqual({ status: 200, requestId: expect.stringMatching(/^req_/) });
    expect(result.providerMetadata).toMatchObject({ size: "1024x1536", quality: "low", background: "opaque", outputFormat: "png", totalTokens: 866 });
  });

  it("returns jpeg bytes when jpeg was asked", async () => {
    const result = await openai.doGenerate(callOptions({ outputFormat: "jpeg" }), { signal: signal() });
    expect(result.images[0]!.mediaType).toBe("image/jpeg");
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "jpeg", width: 1024, height: 1024 });
  });

  it("maps revised_prompt to revisedPrompt", async () => {
    const revising = await startOpenAIFake({ apiKey: KEY, revisePrompt: true });
    try {
      const model2 = createOpenAIProvider({ apiKey: KEY, baseUrl: revising.url, maxDownloadBytes: MAX_BYTES }).imageModel(offer);
      const result = await model2.doGenerate(callOptions({ n: 2 }), { signal: signal() });
      expect(result.images.map((i) => i.revisedPrompt)).toEqual(["a lighthouse at dusk (revised 0)", "a lighthouse at dusk (revised 1)"]);
    } finally {
      await revising.close();
    }
  });

  it("returns what came back when some images were filtered", async () => {
    fake.setScenario({ kind: "partial", returned: 1 });
    const result = await openai.doGenerate(callOptions({ n: 3 }), { signal: signal() });
    expect(result.images).toHaveLength(1);
  });

  it("a body that is not an Images API response is an upstream error", async () => {
    fake.setScenario({ kind: "malformed" });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "upstream", provider: "openai", statusCode: 200 });
    expect(error.message).toContain("not an Images API response");
  });

  it("an answer without images is an upstream error, never an empty success", async () => {
    fake.setScenario({ kind: "empty" });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 200 });
  });
});

describe("errors", () => {
  it("GPT image moderation (moderation_blocked) is a content-policy refusal", async () => {
    fake.setScenario({ kind: "moderation" });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "content_policy", statusCode: 400, retryable: false, provider: "openai" });
    expect(error.message).toContain("safety system");
    expect(error.message).toContain("openai");
    expect(error.responseBody).toMatchObject({ error: { code: "moderation_blocked", message: MODERATION_MESSAGE } });
  });

  it("dall-e style content_policy_violation is a content-policy refusal", async () => {
    fake.setScenario({ kind: "dalle_safety" });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "content_policy", statusCode: 400 });
  });

  it("a wrong key is an auth error (the fake checks the bearer key itself)", async () => {
    const wrong = createOpenAIProvider({ apiKey: "sk-wrong", baseUrl: fake.url, maxDownloadBytes: MAX_BYTES }).imageModel(offer);
    const error = await failure(wrong.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "auth", statusCode: 401, retryable: false });
    expect(error.message).toContain("invalid_api_key");
  });

  it.each([
    ["invalid_key", "auth", 401, false],
    ["forbidden", "auth", 403, false],
    ["model_not_found", "not_found", 404, false],
    ["billing", "auth", 400, false],
    ["bad_request", "invalid_request", 400, false],
  ] as const)("scenario %s → %s (%i)", async (kind, expected, status, retryable) => {
    fake.setScenario({ kind });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: expected, statusCode: status, retryable });
  });

  it("an unknown model is not_found", async () => {
    const unknown = createOpenAIProvider({ apiKey: KEY, baseUrl: fake.url, maxDownloadBytes: MAX_BYTES }).imageModel({
      ...offer,
      providerModelId: "gpt-image-9",
    });
    const error = await failure(unknown.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "not_found", statusCode: 404 });
    expect(error.message).toContain("gpt-image-9");
  });

  it("429 rate_limit_exceeded is a retryable rate limit honouring Retry-After", async () => {
    fake.setScenario({ kind: "rate_limit", retryAfter: "7" });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "rate_limit", statusCode: 429, retryable: true, retryAfterMs: 7000 });
  });

  it("429 without Retry-After reads the 'try again in' hint from the message", async () => {
    fake.setScenario({ kind: "rate_limit", message: "Rate limit reached for images per min. Please try again in 1m2.5s." });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "rate_limit", retryAfterMs: 62_500 });
  });

  it("429 insufficient_quota is a non-retryable rate limit saying the quota is exhausted", async () => {
    fake.setScenario({ kind: "quota" });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "rate_limit", statusCode: 429, retryable: false });
    expect(error.message).toContain("quota is exhausted");
  });

  it.each([
    [500, "upstream"],
    [502, "unavailable"],
    [503, "unavailable"],
  ] as const)("%i is %s and retryable", async (status, kind) => {
    fake.setScenario({ kind: "server_error", status });
    const error = await failure(openai.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind, statusCode: status, retryable: true });
  });

  it("an unreachable server is unavailable", async () => {
    const down = createOpenAIProvider({ apiKey: KEY, baseUrl: "http://127.0.0.1:1/v1", maxDownloadBytes: MAX_BYTES }).imageModel(offer);
    const error = await failure(down.doGenerate(callOptions(), { signal: signal() }));
    expect(error).toMatchObject({ kind: "unavailable", retryable: true });
  });

  it("rejects promptly with a timeout error when the caller's deadline fires mid-request", async () => {
    fake.setScenario({ kind: "slow", delayMs: 5_000 });
    const started = Date.now();
    const error = await failure(openai.doGenerate(callOptions(), { signal: AbortSignal.timeout(200) }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
  });

  it("a cancelled call is a non-retryable timeout", async () => {
    fake.setScenario({ kind: "slow", delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(openai.doGenerate(callOptions(), { signal: controller.signal }));
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
  });
});

describe("lumenfall", () => {
  it("speaks the same API under /openai/v1 with its own key and id", async () => {
    const lf = await startOpenAIFake({ apiKey: "lf-key", prefix: "/openai/v1" });
    try {
      const image = createLumenfallProvider({ apiKey: "lf-key", baseUrl: lf.url, maxDownloadBytes: MAX_BYTES }).imageModel(catalogOffer("gpt-image-1-mini", "lumenfall"));
      expect(image.provider).toBe("lumenfall");
      const result = await image.doGenerate(callOptions({ quality: "medium" }), { signal: signal() });
      expect(lf.requests.at(-1)).toMatchObject({ path: "/openai/v1/images/generations", headers: { authorization: "Bearer lf-key" } });
      expect(lf.requests.at(-1)!.body).toEqual({ model: "gpt-image-1-mini", prompt: "a lighthouse at dusk", n: 1, size: "1024x1024", quality: "medium" });
      expect(result.images).toHaveLength(1);

      lf.setScenario({ kind: "moderation" });
      const error = await failure(image.doGenerate(callOptions(), { signal: signal() }));
      expect(error).toMatchObject({ kind: "content_policy", provider: "lumenfall" });
      expect(error.message).toContain("lumenfall");
    } finally {
      await lf.close();
    }
  });
});

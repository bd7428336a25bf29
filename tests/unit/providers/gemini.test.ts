import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import { createGeminiProvider, geminiProvider } from "@/lib/providers/gemini";
import type { CallOptions, Provider } from "@/lib/providers/types";
import { startGoogleFake, type GoogleFake } from "../../fakes/google-fake";
import { callOptions, catalogOffer, providerFailure, useFake } from "../../helpers/call-options";

let fake: GoogleFake;
let provider: Provider;

const FLASH = "gemini-2.5-flash-image";
const offer = (model: string) => catalogOffer(model, "gemini");

const options = callOptions;

const generate = (model: string, overrides: Partial<CallOptions> = {}, signal = AbortSignal.timeout(10_000), p = provider) =>
  p.imageModel(offer(model)).doGenerate(options(overrides), { signal });

const failure = providerFailure;

const last = () => fake.modelRequests().at(-1)!;

useFake(async () => (fake = await startGoogleFake()));

beforeAll(() => {
  provider = createGeminiProvider({ apiKey: fake.apiKey, baseUrl: fake.url });
});

describe("gemini Imagen (:predict)", () => {
  it("sends a typical request with x-goog-api-key and no Vertex-only fields", async () => {
    const result = await generate("imagen-4.0-generate-001", { n: 3, aspectRatio: "4:3", width: 1280, height: 896 });
    expect(last().path).toBe("/v1beta/models/imagen-4.0-generate-001:predict");
    expect(last().headers["x-goog-api-key"]).toBe(fake.apiKey);
    expect(last().headers.authorization).toBeUndefined();
    expect(last().body).toEqual({
      instances: [{ prompt: "a lighthouse at dusk" }],
      parameters: { sampleCount: 3, aspectRatio: "4:3", sampleImageSize: "1K", includeRaiReason: true },
    });
    expect(result.images).toHaveLength(3);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 1280, height: 896 });
    // No seed reaches the Gemini API, so the images have none.
    expect(result.images.every((i) => i.seed === undefined)).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.sent).toEqual({ prompt: "a lighthouse at dusk", n: 3, size: { aspectRatio: "4:3", sampleImageSize: "1K" } });
  });

  it("maps a maximal request and warns about what the Gemini API refuses", async () => {
    const result = await generate("imagen-4.0-ultra-generate-001", {
      n: 2,
      aspectRatio: "16:9",
      tier: "2K",
      width: 2816,
      height: 1536,
      negativePrompt: "fog",
      seed: 7,
      seedExplicit: true,
      enhancePrompt: true,
      outputFormat: "jpeg",
      outputCompression: 60,
      user: "u-1",
      extra: { personGeneration: "allow_adult" },
    });
    expect(last().body).toEqual({
      instances: [{ prompt: "a lighthouse at dusk" }],
      parameters: {
        personGeneration: "allow_adult",
        sampleCount: 2,
        aspectRatio: "16:9",
        sampleImageSize: "2K",
        outputOptions: { mimeType: "image/jpeg", compressionQuality: 60 },
        includeRaiReason: true,
      },
    });
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "negative_prompt"],
      ["unsupported", "seed"],
      ["unsupported", "enhance_prompt"],
      ["unsupported", "user"],
    ]);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "jpeg", width: 2816, height: 1536 });
    expect(result.images[0]!.mediaType).toBe("image/jpeg");
    expect(result.sent).toEqual({
      prompt: "a lighthouse at dusk",
      n: 2,
      size: { aspectRatio: "16:9", sampleImageSize: "2K" },
      output_format: "image/jpeg",
      output_compression: 60,
    });
  });

  it("does not warn about a seed the gateway drew itself", async () => {
    const result = await generate("imagen-4.0-fast-generate-001", { seed: 99, seedExplicit: false });
    expect(result.warnings).toEqual([]);
    expect((last().body as { parameters: object }).parameters).not.toHaveProperty("sampleImageSize");
  });

  it("turns filtered images and blocked prompts into content_policy, and keeps partial batches", async () => {
    fake.setScenario({ kind: "prompt_blocked" });
    expect(await failure(generate("imagen-4.0-generate-001"))).toMatchObject({ kind: "content_policy", statusCode: 400 });
    fake.setScenario({ kind: "filtered", keep: 0, withReasons: true });
    const all = await failure(generate("imagen-4.0-generate-001", { n: 2 }));
    expect(all).toMatchObject({ kind: "content_policy", statusCode: 200 });
    expect(all.message).toMatch(/^Gemini API filtered every image/);
    fake.setScenario({ kind: "filtered", keep: 2, withReasons: false });
    expect((await generate("imagen-4.0-generate-001", { n: 4 })).images).toHaveLength(2);
  });

  it("maps a shut-down model (404) to not_found", async () => {
    fake.setScenario({ kind: "error", status: 404, googleStatus: "NOT_FOUND", message: "models/imagen-4.0-generate-001 is not found for API version v1beta, or is not supported for predict." });
    const error = await failure(generate("imagen-4.0-generate-001"));
    expect(error).toMatchObject({ kind: "not_found", statusCode: 404 });
    expect(error.message).toMatch(/Gemini API answered 404 NOT_FOUND/);
  });
});

describe("gemini-2.5-flash-image (:generateContent)", () => {
  it("sends a typical request and reads the inline image, usage and text", async () => {
    const result = await generate(FLASH, { aspectRatio: "16:9", width: 1344, height: 768 });
    expect(last().path).toBe("/v1beta/models/gemini-2.5-flash-image:generateContent");
    expect(last().headers["x-goog-api-key"]).toBe(fake.apiKey);
    expect(last().body).toEqual({
      contents: [{ role: "user", parts: [{ text: "a lighthouse at dusk" }] }],
      generationConfig: { responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "16:9" }, seed: 42 },
    });
    expect(result.images).toHaveLength(1);
    const [image] = result.images;
    expect(image!.mediaType).toBe("image/png");
    expect(image!.seed).toBe(42);
    expect(image!.revisedPrompt).toBeUndefined();
    expect(await sharp(image!.bytes).metadata()).toMatchObject({ format: "png", width: 1344, height: 768 });
    expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 1290 });
    expect(result.response.requestId).toMatch(/^resp-/);
    expect(result.providerMetadata).toMatchObject({ text: "Here is your image.", finishReason: "STOP", modelVersion: FLASH });
    expect(result.sent).toEqual({ prompt: "a lighthouse at dusk", n: 1, size: { aspectRatio: "16:9" }, seed: 42 });
    expect(result.warnings).toEqual([]);
  });

  it("maps a maximal request: int32 seed, passthrough fields at the right level, warnings", async () => {
    const result = await generate(FLASH, {
      aspectRatio: "21:9",
      width: 1536,
      height: 672,
      seed: 3_000_000_000,
      seedExplicit: true,
      negativePrompt: "fog",
      enhancePrompt: false,
      outputFormat: "webp",
      outputCompression: 70,
      quality: "hd",
      extra: { temperature: 0.4, safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }], responseModalities: ["TEXT"] },
    });
    expect(last().body).toEqual({
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }],
      contents: [{ role: "user", parts: [{ text: "a lighthouse at dusk" }] }],
      generationConfig: { temperature: 0.4, responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "21:9" }, seed: 3_000_000_000 - 2 ** 32 },
    });
    expect(result.images[0]!.seed).toBe(3_000_000_000);
    expect(result.sent.seed).toBe(3_000_000_000 - 2 ** 32);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ width: 1536, height: 672 });
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "negative_prompt"],
      ["unsupported", "enhance_prompt"],
      ["unsupported", "quality"],
      ["adjusted", "responseModalities"],
    ]);
  });

  it("passes an unknown field into generationConfig, where Google rejects it as invalid_request", async () => {
    const error = await failure(generate(FLASH, { extra: { notAField: 1 } }));
    expect(error).toMatchObject({ kind: "invalid_request", statusCode: 400 });
    expect(error.message).toMatch(/Unknown name "notAField"/);
  });

  it.each(["SAFETY", "PROHIBITED_CONTENT"])("maps promptFeedback.blockReason %s to content_policy", async (blockReason) => {
    fake.setScenario({ kind: "gemini_prompt_blocked", blockReason });
    const error = await failure(generate(FLASH));
    expect(error).toMatchObject({ kind: "content_policy", statusCode: 200 });
    expect(error.message).toContain(`Gemini API blocked the prompt (${blockReason})`);
  });

  it.each(["IMAGE_SAFETY", "SAFETY", "PROHIBITED_CONTENT"])("maps finishReason %s without an image to content_policy", async (finishReason) => {
    fake.setScenario({ kind: "gemini_no_image", finishReason });
    const error = await failure(generate(FLASH));
    expect(error).toMatchObject({ kind: "content_policy", retryable: false });
    expect(error.message).toContain(finishReason);
  });

  it("reports a text-only answer as upstream, quoting the model", async () => {
    fake.setScenario({ kind: "gemini_no_image", finishReason: "STOP", text: "I can only describe it: a tall tower." });
    const error = await failure(generate(FLASH));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 200 });
    expect(error.message).toMatch(/answered without an image \(finishReason STOP\); it said: I can only describe it/);
  });

  it("maps an invalid key (400 API_KEY_INVALID) to auth", async () => {
    const wrong = createGeminiProvider({ apiKey: "nope", baseUrl: fake.url });
    const error = await failure(generate(FLASH, {}, AbortSignal.timeout(10_000), wrong));
    expect(error).toMatchObject({ kind: "auth", statusCode: 400, retryable: false });
    expect(error.message).toMatch(/API key not valid.*GEMINI_API_KEY/);
  });

  it("maps 429 RESOURCE_EXHAUSTED to rate_limit with the RetryInfo delay", async () => {
    fake.setScenario({
      kind: "error",
      status: 429,
      googleStatus: "RESOURCE_EXHAUSTED",
      message: "You exceeded your current quota, please check your plan and billing details.",
      details: [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests" }] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1.5s" },
      ],
    });
    expect(await failure(generate(FLASH))).toMatchObject({ kind: "rate_limit", retryAfterMs: 1_500, retryable: true });
  });

  it.each([
    [503, "UNAVAILABLE", "unavailable"],
    [500, "INTERNAL", "upstream"],
  ])("maps %i %s to %s", async (status, googleStatus, kind) => {
    fake.setScenario({ kind: "error", status, googleStatus, message: "The model is overloaded. Please try again later." });
    expect(await failure(generate(FLASH))).toMatchObject({ kind, statusCode: status });
  });

  it("reports a malformed body as upstream", async () => {
    fake.setScenario({ kind: "malformed", body: JSON.stringify({ candidates: [{ content: { parts: [{ inlineData: { mimeType: "image/png" } }] } }] }) });
    const error = await failure(generate(FLASH));
    expect(error).toMatchObject({ kind: "upstream" });
    expect(error.message).toMatch(/cannot read/);
  });

  it("rejects promptly with a timeout when the signal fires mid-request", async () => {
    fake.setScenario({ kind: "slow", delayMs: 5_000 });
    const started = Date.now();
    const error = await failure(generate(FLASH, {}, AbortSignal.timeout(150)));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("geminiProvider factory", () => {
  it("is on only with GEMINI_API_KEY, at the default or configured base URL", () => {
    expect(geminiProvider.create(parseEnv({}))).toBeUndefined();
    expect(geminiProvider.create(parseEnv({ GEMINI_API_KEY: "k" }))).toMatchObject({
      id: "gemini",
      name: "Gemini API",
      simulated: false,
      baseUrl: "https://generativelanguage.googleapis.com",
    });
    expect(geminiProvider.create(parseEnv({ GEMINI_API_KEY: "k", GEMINI_BASE_URL: "http://127.0.0.1:9/" }))?.baseUrl).toBe("http://127.0.0.1:9");
  });
});

describe("Gemini 3 image models", () => {
  it("asks for 2K and 4K with imageSize, and leaves it out at 1K", async () => {
    const big = await generate("gemini-3-pro-image", { aspectRatio: "16:9", tier: "2K", width: 2752, height: 1536 });
    expect(last().path).toBe("/v1beta/models/gemini-3-pro-image:generateContent");
    expect((last().body as { generationConfig: unknown }).generationConfig).toMatchObject({ imageConfig: { aspectRatio: "16:9", imageSize: "2K" } });
    expect(big.sent.size).toEqual({ aspectRatio: "16:9", imageSize: "2K" });
    expect(await sharp(big.images[0]!.bytes).metadata()).toMatchObject({ width: 2752, height: 1536 });
    await generate("gemini-3.1-flash-image", { aspectRatio: "1:1" });
    expect((last().body as { generationConfig: { imageConfig: unknown } }).generationConfig.imageConfig).toEqual({ aspectRatio: "1:1" });
  });
});


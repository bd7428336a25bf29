import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import { createFalProvider, falProvider } from "@/lib/providers/fal";
import type { CallOptions, ImageModel } from "@/lib/providers/types";
import { falErrors, startFalFake, type FalFake } from "../../fakes/fal-fake";
import { callOptions, catalogOffer, providerFailure, useFake } from "../../helpers/call-options";

let fake: FalFake;

useFake(async () => (fake = await startFalFake()));

const offer = (modelId: string) => catalogOffer(modelId, "fal");

function model(modelId: string, overrides: { fetch?: typeof fetch } = {}): ImageModel {
  return createFalProvider({ apiKey: fake.key, queueUrl: `${fake.url}/`, pollIntervalMs: 10, maxDownloadBytes: 10_000_000, ...overrides }).imageModel(offer(modelId));
}

const options = (overrides: Partial<CallOptions> = {}) => callOptions({ seedExplicit: true, ...overrides });

const generate = (modelId: string, overrides: Partial<CallOptions> = {}, signal = AbortSignal.timeout(10_000)) =>
  model(modelId).doGenerate(options(overrides), { signal });

const failure = providerFailure;

const submits = () => fake.requests.filter((r) => r.method === "POST");
const paths = () => fake.requests.map((r) => `${r.method} ${r.path}`);

describe("fal factory", () => {
  it("is off without FAL_KEY and points at FAL_QUEUE_URL with it", () => {
    expect(falProvider.create(parseEnv({}))).toBeUndefined();
    const provider = falProvider.create(parseEnv({ FAL_KEY: "k", FAL_QUEUE_URL: "https://queue.example.test/" }));
    expect(provider).toMatchObject({ id: "fal", name: "fal.ai", simulated: false, baseUrl: "https://queue.example.test" });
    expect(falProvider.create(parseEnv({ FAL_KEY: "k" }))?.baseUrl).toBe("https://queue.fal.run");
    expect(provider!.imageModel(offer("imagen-4.0-generate-001"))).toMatchObject({ provider: "fal", modelId: "fal-ai/imagen4/preview", maxImagesPerCall: 4 });
  });
});

describe("fal Imagen 4", () => {
  it("sends a typical request through the queue and returns the image with fal's seed", async () => {
    const result = await generate("imagen-4.0-generate-001");

    const [submit] = submits();
    expect(submit!.path).toBe("/fal-ai/imagen4/preview");
    expect(submit!.headers.authorization).toBe(`Key ${fake.key}`);
    expect(submit!.headers["content-type"]).toBe("application/json");
    expect(submit!.body).toEqual({ prompt: "a lighthouse at dusk", num_images: 1, seed: 42, aspect_ratio: "1:1", resolution: "1K" });
    // Follow-ups drop the endpoint's subpath (/preview).
    const id = (fake.requests.find((r) => r.path.endsWith("/status"))!.path.split("/")[4])!;
    expect(paths()).toEqual([
      "POST /fal-ai/imagen4/preview",
      `GET /fal-ai/imagen4/requests/${id}/status`,
      `GET /fal-ai/imagen4/requests/${id}/status`,
      `GET /fal-ai/imagen4/requests/${id}`,
      `GET /files/${id}-0.png`,
    ]);
    expect(fake.requests.filter((r) => r.path.startsWith("/fal-ai/")).every((r) => r.headers.authorization === `Key ${fake.key}`)).toBe(true);

    expect(result.images).toHaveLength(1);
    const image = result.images[0]!;
    expect(image.mediaType).toBe("image/png");
    expect(image.seed).toBe(42);
    expect(image.revisedPrompt).toBeUndefined();
    expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "png", width: 1024, height: 1024 });
    expect(result.warnings).toEqual([]);
    expect(result.sent).toEqual({
      prompt: "a lighthouse at dusk",
      negative_prompt: undefined,
      seed: 42,
      n: 1,
      size: { aspect_ratio: "1:1", resolution: "1K" },
      output_format: undefined,
    });
    expect(result.response).toEqual({ status: 200, requestId: id });
    expect(result.providerMetadata).toMatchObject({ requestId: id, seed: 42, inferenceTimeSeconds: 0.42 });
    expect(result.usage).toBeUndefined();
  });

  it("maps a maximal request field by field, passes unknown parameters through and warns about the rest", async () => {
    const result = await generate("imagen-4.0-ultra-generate-001", {
      prompt: "a neon city street",
      negativePrompt: "people",
      n: 4,
      seed: 7,
      aspectRatio: "16:9",
      tier: "2K",
      width: 2816,
      height: 1536,
      outputFormat: "webp",
      outputCompression: 70,
      quality: "high",
      style: "vivid",
      enhancePrompt: true,
      user: "user-1",
      extra: { safety_tolerance: "2", num_images: 2 },
    });

    const body = submits()[0]!.body as Record<string, unknown>;
    expect(submits()[0]!.path).toBe("/fal-ai/imagen4/preview/ultra");
    expect(body.prompt).toBe("a neon city street");
    expect(body.negative_prompt).toBe("people");
    expect(body.num_images).toBe(4);
    expect(body.seed).toBe(7);
    expect(body.aspect_ratio).toBe("16:9");
    expect(body.resolution).toBe("2K");
    expect(body.output_format).toBe("webp");
    expect(body.safety_tolerance).toBe("2");
    expect(Object.keys(body).sort()).toEqual(["aspect_ratio", "negative_prompt", "num_images", "output_format", "prompt", "resolution", "safety_tolerance", "seed"]);
    expect(fake.requests.some((r) => r.path.startsWith("/fal-ai/imagen4/requests/"))).toBe(true);

    expect(result.images).toHaveLength(4);
    expect(result.images.map((i) => i.seed)).toEqual([7, 8, 9, 10]);
    for (const image of result.images) {
      expect(image.mediaType).toBe("image/webp");
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "webp", width: 2816, height: 1536 });
    }
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "quality"],
      ["unsupported", "style"],
      ["unsupported", "enhance_prompt"],
      ["unsupported", "user"],
      ["adjusted", "num_images"],
    ]);
    expect(result.sent).toEqual({
      prompt: "a neon city street",
      negative_prompt: "people",
      seed: 7,
      n: 4,
      size: { aspect_ratio: "16:9", resolution: "2K" },
      output_format: "webp",
    });
  });

  it("sends no resolution to the fast endpoint and leaves formats fal cannot make to the gateway", async () => {
    const result = await generate("imagen-4.0-fast-generate-001", { aspectRatio: "9:16", width: 768, height: 1408, outputFormat: "avif" });
    expect(submits()[0]!.path).toBe("/fal-ai/imagen4/preview/fast");
    expect(submits()[0]!.body).toEqual({ prompt: "a lighthouse at dusk", num_images: 1, seed: 42, aspect_ratio: "9:16" });
    expect(fake.requests[1]!.path).toMatch(/^\/fal-ai\/imagen4\/requests\/[^/]+\/status$/);
    expect(result.warnings).toEqual([]);
    expect(result.sent.size).toEqual({ aspect_ratio: "9:16" });
    expect(result.sent.output_format).toBeUndefined();
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 768, height: 1408 });
  });

  it("keeps a newer endpoint's description as metadata, not as a revised prompt, and seeds from the sent seed", async () => {
    fake.setScenario({ imagenOutput: "description" });
    const result = await generate("imagen-4.0-generate-001", { n: 2, seed: 100, outputFormat: "jpeg" });
    expect(result.images.map((i) => [i.seed, i.revisedPrompt, i.mediaType])).toEqual([
      [100, undefined, "image/jpeg"],
      [101, undefined, "image/jpeg"],
    ]);
    expect(result.providerMetadata).toMatchObject({ description: "A picture of a lighthouse at dusk" });
    expect(result.providerMetadata).not.toHaveProperty("seed");
  });

  it("builds the follow-up URLs from owner/alias when the submit answer has none", async () => {
    fake.setScenario({ omitUrls: true, pendingPolls: 2 });
    const result = await generate("imagen-4.0-ultra-generate-001");
    expect(result.images).toHaveLength(1);
    const followUps = fake.requests.filter((r) => r.method === "GET" && !r.path.startsWith("/files/"));
    expect(followUps.length).toBe(4);
    expect(followUps.every((r) => /^\/fal-ai\/imagen4\/requests\/[^/]+(\/status)?$/.test(r.path))).toBe(true);
  });

  it("reads images returned as data: URIs", async () => {
    fake.setScenario({ dataUris: true });
    const result = await generate("imagen-4.0-generate-001", { outputFormat: "png" });
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 1024, height: 1024 });
    expect(fake.requests.some((r) => r.path.startsWith("/files/"))).toBe(false);
  });

  it("rides out a brief failure of the status endpoint", async () => {
    fake.setScenario({ statusError: { ...falErrors.runnerUnavailable, times: 2 } });
    const result = await generate("imagen-4.0-generate-001");
    expect(result.images).toHaveLength(1);
  });
});

describe("fal FLUX", () => {
  it("asks for a preset image_size at 1K and jpeg by default", async () => {
    const result = await generate("flux-dev", { aspectRatio: "16:9", width: 1024, height: 576, n: 2, seed: 5 });
    expect(submits()[0]!.path).toBe("/fal-ai/flux/dev");
    expect(submits()[0]!.body).toEqual({ prompt: "a lighthouse at dusk", num_images: 2, seed: 5, image_size: "landscape_16_9" });
    expect(fake.requests.some((r) => r.path.startsWith("/fal-ai/flux/requests/"))).toBe(true);
    expect(result.sent.size).toEqual({ image_size: "landscape_16_9" });
    expect(result.images.map((i) => i.seed)).toEqual([5, 6]);
    expect(result.providerMetadata).toMatchObject({ timings: { inference: 0.42 } });
    for (const image of result.images) {
      expect(image.mediaType).toBe("image/jpeg");
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "jpeg", width: 1024, height: 576 });
    }
  });

  it("sends explicit pixels below 1K, png natively, and warns that FLUX has no negative prompt", async () => {
    const result = await generate("flux-schnell", {
      tier: "0.5K",
      aspectRatio: "4:3",
      width: 512,
      height: 384,
      outputFormat: "png",
      negativePrompt: "blur",
      extra: { num_inference_steps: 4, enable_safety_checker: false },
    });
    expect(submits()[0]!.path).toBe("/fal-ai/flux/schnell");
    expect(submits()[0]!.body).toEqual({
      prompt: "a lighthouse at dusk",
      num_images: 1,
      seed: 42,
      image_size: { width: 512, height: 384 },
      output_format: "png",
      num_inference_steps: 4,
      enable_safety_checker: false,
    });
    expect(result.warnings).toEqual([{ type: "unsupported", param: "negative_prompt", message: expect.stringContaining("FLUX.1") }]);
    expect(result.sent.negative_prompt).toBeUndefined();
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 512, height: 384 });
  });

  it("does not warn about webp, which the gateway converts", async () => {
    const result = await generate("flux-dev", { outputFormat: "webp" });
    expect(submits()[0]!.body).not.toHaveProperty("output_format");
    expect(result.warnings).toEqual([]);
  });

  it("drops black safety placeholders but keeps the other images' seeds", async () => {
    fake.setScenario({ nsfw: [true, false, true] });
    const result = await generate("flux-dev", { n: 3, seed: 10 });
    expect(result.images).toHaveLength(1);
    expect(result.images[0]!.seed).toBe(11);
    expect(result.providerMetadata).toMatchObject({ safetyFiltered: 2 });
    const { dominant } = await sharp(result.images[0]!.bytes).stats();
    expect(dominant.r + dominant.g + dominant.b).toBeGreaterThan(0);
  });

  it("is a content-policy refusal when every image is a safety placeholder", async () => {
    fake.setScenario({ nsfw: [true, true] });
    const error = await failure(generate("flux-dev", { n: 2 }));
    expect(error.kind).toBe("content_policy");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/fal\.ai/);
  });
});

describe("fal errors", () => {
  it("maps a bad key to auth", async () => {
    const bad = createFalProvider({ apiKey: "wrong", queueUrl: fake.url, pollIntervalMs: 10, maxDownloadBytes: 1_000_000 });
    const error = await failure(bad.imageModel(offer("flux-dev")).doGenerate(options(), { signal: AbortSignal.timeout(5000) }));
    expect(error).toMatchObject({ kind: "auth", statusCode: 401, retryable: false, provider: "fal" });
    expect(error.message).toContain("fal.ai answered 401");
  });

  it("maps a 422 validation error to invalid_request naming the field", async () => {
    const error = await failure(generate("imagen-4.0-generate-001", { extra: { safety_tolerance: "9" } }));
    expect(error).toMatchObject({ kind: "invalid_request", statusCode: 422, retryable: false });
    expect(error.message).toContain("safety_tolerance: Input should be '1'");
    expect(error.responseBody).toMatchObject({ detail: [{ loc: ["body", "safety_tolerance"], type: "literal_error" }] });
  });

  it("maps a string detail to invalid_request", async () => {
    fake.setScenario({ submitError: falErrors.detailString });
    const error = await failure(generate("imagen-4.0-generate-001"));
    expect(error).toMatchObject({ kind: "invalid_request", statusCode: 422 });
    expect(error.message).toContain("Prompt is too long for this model");
  });

  it("maps a completed request whose result is a content-policy violation", async () => {
    fake.setScenario({ resultError: falErrors.contentPolicy });
    const error = await failure(generate("imagen-4.0-generate-001"));
    expect(error).toMatchObject({ kind: "content_policy", statusCode: 422, retryable: false });
    expect(error.message).toContain("content policy");
    expect(error.message).toContain("flagged by a content checker");
  });

  it("maps 429 to rate_limit with Retry-After", async () => {
    fake.setScenario({ submitError: falErrors.rateLimited(7) });
    const error = await failure(generate("flux-dev"));
    expect(error).toMatchObject({ kind: "rate_limit", statusCode: 429, retryAfterMs: 7000, retryable: true });
  });

  it("maps request_timeout to timeout and runner failures to unavailable", async () => {
    fake.setScenario({ resultError: falErrors.requestTimeout });
    const timeout = await failure(generate("imagen-4.0-generate-001"));
    expect(timeout).toMatchObject({ kind: "timeout", statusCode: 504, retryable: true });
    expect(timeout.message).toContain("request_timeout");

    fake.setScenario({ submitError: falErrors.runnerUnavailable });
    const unavailable = await failure(generate("imagen-4.0-generate-001"));
    expect(unavailable).toMatchObject({ kind: "unavailable", statusCode: 503, retryable: true });
  });

  it("honours X-Fal-Retryable over the kind's default", async () => {
    fake.setScenario({ submitError: { ...falErrors.runnerUnavailable, headers: { ...falErrors.runnerUnavailable.headers, "x-fal-retryable": "false" } } });
    const error = await failure(generate("imagen-4.0-generate-001"));
    expect(error).toMatchObject({ kind: "unavailable", retryable: false });
  });

  it("maps a 500 to upstream", async () => {
    fake.setScenario({ resultError: falErrors.internal });
    const error = await failure(generate("imagen-4.0-generate-001"));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 500 });
  });

  it("gives up on a status endpoint that keeps failing", async () => {
    fake.setScenario({ statusError: falErrors.internal });
    const error = await failure(generate("imagen-4.0-generate-001"));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 500 });
    expect(fake.requests.filter((r) => r.path.endsWith("/status"))).toHaveLength(4);
  });

  it("rejects a malformed output as upstream", async () => {
    fake.setScenario({ malformed: true });
    const error = await failure(generate("imagen-4.0-generate-001"));
    expect(error.kind).toBe("upstream");
    expect(error.message).toContain("fal.ai sent an unexpected model output");
  });

  it("reports an unreachable queue as unavailable", async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") }));
    const error = await failure(model("flux-dev", { fetch: refused }).doGenerate(options(), { signal: AbortSignal.timeout(5000) }));
    expect(error).toMatchObject({ kind: "unavailable" });
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("refuses endpoints whose inputs it does not know", async () => {
    const unknown = createFalProvider({ apiKey: fake.key, queueUrl: fake.url, pollIntervalMs: 10, maxDownloadBytes: 1_000_000 }).imageModel({
      ...offer("flux-dev"),
      providerModelId: "fal-ai/some-new-model",
    });
    const error = await failure(unknown.doGenerate(options(), { signal: AbortSignal.timeout(5000) }));
    expect(error.kind).toBe("not_found");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("fal cancellation", () => {
  it("rejects promptly with a timeout and cancels the queued request when the deadline fires mid-poll", async () => {
    fake.setScenario({ stuck: true });
    const started = Date.now();
    const error = await failure(generate("imagen-4.0-generate-001", {}, AbortSignal.timeout(200)));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
    await vi.waitFor(() => expect(fake.requests.some((r) => r.method === "PUT")).toBe(true));
    const cancel = fake.requests.find((r) => r.method === "PUT")!;
    expect(cancel.path).toMatch(/^\/fal-ai\/imagen4\/requests\/[^/]+\/cancel$/);
    expect(cancel.headers.authorization).toBe(`Key ${fake.key}`);
  });

  it("rejects promptly when the caller aborts during a slow submit", async () => {
    fake.setScenario({ submitDelayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(generate("flux-dev", {}, controller.signal));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.kind).toBe("timeout");
  });
});

describe("fal FLUX pro, Kontext and Seedream", () => {
  it("sends Kontext [max] an aspect ratio and gets its ~1 MP image, seeded per image", async () => {
    const result = await generate("flux-kontext-max", { aspectRatio: "16:9", width: 1392, height: 752, n: 2, seed: 9 });
    expect(submits()[0]!.path).toBe("/fal-ai/flux-pro/kontext/max/text-to-image");
    expect(submits()[0]!.body).toEqual({ prompt: "a lighthouse at dusk", num_images: 2, seed: 9, aspect_ratio: "16:9" });
    expect(fake.requests.some((r) => r.path.startsWith("/fal-ai/flux-pro/requests/"))).toBe(true);
    expect(result.images.map((i) => i.seed)).toEqual([9, 10]);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ width: 1392, height: 752 });
  });

  it("wraps per-image seeds at 2^32", async () => {
    const result = await generate("flux-1.1-pro", { n: 2, seed: 4_294_967_295 });
    expect(submits()[0]!.body).toMatchObject({ image_size: "square_hd", seed: 4_294_967_295 });
    expect(result.images.map((i) => i.seed)).toEqual([4_294_967_295, 0]);
  });

  it("sends Seedream explicit pixels for the tier", async () => {
    const result = await generate("seedream-4", { aspectRatio: "16:9", tier: "2K", width: 2560, height: 1440 });
    expect(submits()[0]!.body).toMatchObject({ image_size: { width: 2560, height: 1440 } });
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ width: 2560, height: 1440 });
  });
});

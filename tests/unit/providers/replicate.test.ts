import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import { createReplicateProvider, replicateProvider, type ReplicateProviderSettings } from "@/lib/providers/replicate";
import type { CallOptions, ImageModel } from "@/lib/providers/types";
import { FLUX_NSFW_ERROR, SENSITIVE_ERROR, startReplicateFake, type RecordedRequest, type ReplicateFake } from "../../fakes/replicate-fake";
import { callOptions, catalogOffer, providerFailure, useFake } from "../../helpers/call-options";

let fake: ReplicateFake;

useFake(async () => (fake = await startReplicateFake()));

const offer = (modelId: string) => catalogOffer(modelId, "replicate");

function model(modelId: string, overrides: Partial<ReplicateProviderSettings> = {}): ImageModel {
  return createReplicateProvider({
    apiToken: fake.token,
    baseUrl: fake.url,
    pollIntervalMs: 10,
    maxDownloadBytes: 20_000_000,
    cancelAfterMs: 300_000,
    ...overrides,
  }).imageModel(offer(modelId));
}

const options = callOptions;

const IMAGEN = "imagen-4.0-generate-001";
const generate = (modelId: string, overrides: Partial<CallOptions> = {}, signal = AbortSignal.timeout(10_000)) =>
  model(modelId).doGenerate(options(overrides), { signal });

const failure = providerFailure;

const creates = () => fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/predictions"));
const polls = () => fake.requests.filter((r) => r.method === "GET" && r.path.startsWith("/v1/predictions/"));
const isCancel = (r: RecordedRequest) => r.method === "POST" && r.path.endsWith("/cancel");

describe("replicate provider factory", () => {
  it("is off without REPLICATE_API_TOKEN and on with it", () => {
    expect(replicateProvider.create(parseEnv({}))).toBeUndefined();
    const provider = replicateProvider.create(parseEnv({ REPLICATE_API_TOKEN: "r8_x", REPLICATE_BASE_URL: "http://127.0.0.1:9/" }));
    expect(provider).toMatchObject({ id: "replicate", name: "Replicate", simulated: false, baseUrl: "http://127.0.0.1:9" });
    expect(replicateProvider.create(parseEnv({ REPLICATE_API_TOKEN: "r8_x" }))?.baseUrl).toBe("https://api.replicate.com");
  });

  it("uses the injected fetch and tolerates a base URL ending in /v1", async () => {
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const result = await model(IMAGEN, { fetch: counting, baseUrl: `${fake.url}/v1/` }).doGenerate(options(), { signal: AbortSignal.timeout(10_000) });
    expect(result.images).toHaveLength(1);
    expect(calls[0]).toBe(`${fake.url}/v1/models/google/imagen-4/predictions`);
    expect(calls.some((u) => u.includes("/files/"))).toBe(true);
  });
});

describe("google/imagen-4 requests", () => {
  it("sends a typical request: Bearer token, Prefer: wait, Cancel-After and the input fields", async () => {
    const result = await generate(IMAGEN, { aspectRatio: "16:9", tier: "2K", width: 2816, height: 1536 });
    const [request] = creates();
    expect(request!.path).toBe("/v1/models/google/imagen-4/predictions");
    expect(request!.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(request!.headers.prefer).toBe("wait");
    expect(request!.headers["cancel-after"]).toBe("5m");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.body).toEqual({ input: { prompt: "a lighthouse at dusk", aspect_ratio: "16:9", image_size: "2K" } });
    expect(polls()).toHaveLength(0);

    expect(result.images).toHaveLength(1);
    const image = result.images[0]!;
    expect(image.mediaType).toBe("image/jpeg");
    expect(image.seed).toBeUndefined();
    expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "jpeg", width: 2816, height: 1536 });
    expect(result.warnings).toEqual([]);
    expect(result.sent).toEqual({ prompt: "a lighthouse at dusk", size: { aspect_ratio: "16:9", image_size: "2K" } });
    expect(result.response.status).toBe(201);
    expect(result.response.requestId).toMatch(/^[0-9a-f]{20}$/);
    expect(result.providerMetadata).toMatchObject({ predictionId: result.response.requestId, model: "google/imagen-4", predictTimeSeconds: 1.25 });
  });

  it("sends a maximal request and warns about every parameter it cannot send", async () => {
    const result = await generate(IMAGEN, {
      negativePrompt: "fog",
      seedExplicit: true,
      outputFormat: "png",
      outputCompression: 60,
      quality: "high",
      style: "vivid",
      thinking: "low",
      enhancePrompt: true,
      user: "u-1",
      extra: { safety_filter_level: "block_medium_and_above" },
    });
    expect(creates()[0]!.body).toEqual({
      input: { prompt: "a lighthouse at dusk", aspect_ratio: "1:1", image_size: "1K", output_format: "png", safety_filter_level: "block_medium_and_above" },
    });
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "negative_prompt"],
      ["unsupported", "quality"],
      ["unsupported", "style"],
      ["unsupported", "thinking"],
      ["unsupported", "enhance_prompt"],
      ["unsupported", "user"],
      ["unsupported", "seed"],
    ]);
    expect(result.warnings.every((w) => w.message.includes("google/imagen-4"))).toBe(true);
    expect(result.sent).toMatchObject({ output_format: "png" });
    expect(result.sent.output_compression).toBeUndefined();
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 1024, height: 1024 });
  });

  it("asks for jpg natively and leaves formats Replicate lacks to the gateway, without warnings", async () => {
    await generate(IMAGEN, { outputFormat: "jpeg" });
    await generate(IMAGEN, { outputFormat: "webp", outputCompression: 70 });
    expect(creates()[0]!.body).toMatchObject({ input: { output_format: "jpg" } });
    const second = creates()[1]!.body as { input: Record<string, unknown> };
    expect(second.input.output_format).toBeUndefined();
    expect(Object.keys(second.input)).toEqual(["prompt", "aspect_ratio", "image_size"]);
  });

  it("never sends image_size to imagen-4-fast and accepts an array output", async () => {
    fake.setScenario({ outputShape: "array" });
    const result = await generate("imagen-4.0-fast-generate-001", { aspectRatio: "3:4" });
    expect(creates()[0]!.path).toBe("/v1/models/google/imagen-4-fast/predictions");
    expect(creates()[0]!.body).toEqual({ input: { prompt: "a lighthouse at dusk", aspect_ratio: "3:4" } });
    expect(result.sent.size).toEqual({ aspect_ratio: "3:4" });
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ width: 896, height: 1280 });
  });

  it("polls urls.get until the prediction ends", async () => {
    fake.setScenario({ pollsBeforeDone: 3 });
    const result = await generate("imagen-4.0-ultra-generate-001");
    expect(creates()[0]!.path).toBe("/v1/models/google/imagen-4-ultra/predictions");
    expect(polls()).toHaveLength(4);
    expect(polls().every((r) => r.headers.authorization === `Bearer ${fake.token}`)).toBe(true);
    expect(result.images).toHaveLength(1);
  });

  it("sends the token only to the configured origin, whatever urls.get says", async () => {
    fake.setScenario({ pollsBeforeDone: 1, predictionFields: { urls: { get: "https://evil.example/steal", cancel: "https://evil.example/cancel" } } });
    const result = await generate(IMAGEN);
    expect(result.images).toHaveLength(1);
    expect(polls().length).toBeGreaterThan(0);
  });
});

describe("black-forest-labs FLUX requests", () => {
  it("sends num_outputs, seed and megapixels, and reports a batch seed honestly", async () => {
    const result = await generate("flux-schnell", { n: 2, seedExplicit: true, aspectRatio: "4:3", width: 1024, height: 768 });
    expect(creates()[0]!.path).toBe("/v1/models/black-forest-labs/flux-schnell/predictions");
    expect(creates()[0]!.body).toEqual({
      input: { prompt: "a lighthouse at dusk", aspect_ratio: "4:3", megapixels: "1", num_outputs: 2, seed: 42 },
    });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image.mediaType).toBe("image/webp");
      expect(image.seed).toBeUndefined();
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "webp", width: 1152, height: 896 });
    }
    expect(result.sent).toEqual({ prompt: "a lighthouse at dusk", size: { aspect_ratio: "4:3", megapixels: "1" }, n: 2, seed: 42 });
    expect(result.warnings).toEqual([expect.objectContaining({ type: "other", param: "seed" })]);
    expect(result.providerMetadata).toMatchObject({ batchSeed: 42 });
  });

  it("sends a maximal request: 0.5K, jpg with quality, passthrough inputs", async () => {
    const result = await generate("flux-dev", {
      tier: "0.5K",
      aspectRatio: "16:9",
      seed: 7,
      seedExplicit: true,
      outputFormat: "jpeg",
      outputCompression: 70,
      negativePrompt: "blur",
      extra: { go_fast: false, disable_safety_checker: true, guidance: 3.5 },
    });
    expect(creates()[0]!.body).toEqual({
      input: {
        prompt: "a lighthouse at dusk",
        aspect_ratio: "16:9",
        megapixels: "0.25",
        num_outputs: 1,
        seed: 7,
        output_format: "jpg",
        output_quality: 70,
        go_fast: false,
        disable_safety_checker: true,
        guidance: 3.5,
      },
    });
    expect(result.sent).toMatchObject({ output_format: "jpg", output_compression: 70, seed: 7, n: 1, size: { aspect_ratio: "16:9", megapixels: "0.25" } });
    expect(result.images[0]!.seed).toBe(7);
    expect(result.warnings.map((w) => w.param)).toEqual(["negative_prompt"]);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "jpeg", width: 672, height: 384 });
  });

  it("leaves avif to the gateway: no output_format, no output_quality", async () => {
    await generate("flux-dev", { outputFormat: "avif", outputCompression: 50 });
    const input = (creates()[0]!.body as { input: Record<string, unknown> }).input;
    expect(input.output_format).toBeUndefined();
    expect(input.output_quality).toBeUndefined();
  });

  it("normalises a single-string output and returns fewer images when some were filtered", async () => {
    fake.setScenario({ outputShape: "string" });
    expect((await generate("flux-schnell")).images).toHaveLength(1);
    fake.setScenario({ filtered: 1 });
    const partial = await generate("flux-schnell", { n: 3 });
    expect(partial.images).toHaveLength(2);
  });
});

describe("replicate errors", () => {
  it("maps a refused token to auth", async () => {
    const error = await failure(model(IMAGEN, { apiToken: "r8_wrong" }).doGenerate(options(), { signal: AbortSignal.timeout(5000) }));
    expect(error).toMatchObject({ kind: "auth", statusCode: 401, retryable: false, provider: "replicate" });
    expect(error.message).toMatch(/Replicate answered 401.*REPLICATE_API_TOKEN.*valid authentication token/);
    expect(error.responseBody).toMatchObject({ detail: "You did not pass a valid authentication token" });
  });

  it("maps 402 to auth and says it is about billing", async () => {
    fake.setScenario({ createError: { status: 402, body: { title: "Payment required", detail: "You have insufficient credit to run this model.", status: 402 } } });
    const error = await failure(generate(IMAGEN));
    expect(error).toMatchObject({ kind: "auth", statusCode: 402, retryable: false });
    expect(error.message).toMatch(/billing.*insufficient credit/);
  });

  it("maps 404 to not_found, and an unmapped model id without calling Replicate", async () => {
    fake.setScenario({ createError: { status: 404, body: { title: "Not found", detail: "The requested resource could not be found.", status: 404 } } });
    const error = await failure(generate(IMAGEN));
    expect(error).toMatchObject({ kind: "not_found", statusCode: 404 });
    expect(error.message).toMatch(/google\/imagen-4 was not found/);

    fake.reset();
    const unknown = createReplicateProvider({ apiToken: fake.token, baseUrl: fake.url }).imageModel({ ...offer(IMAGEN), providerModelId: "someone/else" });
    const unmapped = await failure(unknown.doGenerate(options(), { signal: AbortSignal.timeout(5000) }));
    expect(unmapped.kind).toBe("not_found");
    expect(fake.requests).toHaveLength(0);
  });

  it("maps 422 to invalid_request naming the invalid fields", async () => {
    const error = await failure(generate(IMAGEN, { extra: { safety_filter_level: "none" } }));
    expect(error).toMatchObject({ kind: "invalid_request", statusCode: 422, retryable: false });
    expect(error.message).toMatch(/input\.safety_filter_level: safety_filter_level must be one of the following/);
  });

  it("maps 429 to rate_limit with Retry-After in seconds, as a date, or from the body", async () => {
    const throttled = { detail: "Request was throttled. Expected available in 12 seconds.", status: 429 };
    fake.setScenario({ createError: { status: 429, body: throttled, headers: { "retry-after": "7" } } });
    expect(await failure(generate(IMAGEN))).toMatchObject({ kind: "rate_limit", statusCode: 429, retryable: true, retryAfterMs: 7000 });

    fake.setScenario({ createError: { status: 429, body: throttled, headers: { "retry-after": new Date(Date.now() + 30_000).toUTCString() } } });
    const dated = await failure(generate(IMAGEN));
    expect(dated.retryAfterMs).toBeGreaterThan(25_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(30_000);

    fake.setScenario({ createError: { status: 429, body: throttled } });
    const hinted = await failure(generate(IMAGEN));
    expect(hinted).toMatchObject({ kind: "rate_limit", retryAfterMs: 12_000 });
    expect(hinted.message).toMatch(/throttled/);
  });

  it("maps 5xx to unavailable or upstream", async () => {
    fake.setScenario({ createError: { status: 503, body: { detail: "Service unavailable", status: 503 } } });
    expect(await failure(generate(IMAGEN))).toMatchObject({ kind: "unavailable", statusCode: 503, retryable: true });
    fake.setScenario({ createError: { status: 500, body: "<html>oops</html>" } });
    const error = await failure(generate(IMAGEN));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 500 });
    expect(error.message).toMatch(/oops/);
  });

  it("maps a prediction flagged as sensitive (E005) and FLUX's NSFW refusal to content_policy", async () => {
    fake.setScenario({ outcome: "failed", error: SENSITIVE_ERROR });
    const flagged = await failure(generate(IMAGEN));
    expect(flagged).toMatchObject({ kind: "content_policy", retryable: false });
    expect(flagged.message).toMatch(/content policy.*flagged as sensitive/);

    fake.setScenario({ outcome: "failed", error: FLUX_NSFW_ERROR, pollsBeforeDone: 1 });
    expect(await failure(generate("flux-dev"))).toMatchObject({ kind: "content_policy" });
  });

  it("maps other failed predictions to upstream with the error text", async () => {
    fake.setScenario({ outcome: "failed", error: "CUDA out of memory" });
    const error = await failure(generate("flux-dev"));
    expect(error).toMatchObject({ kind: "upstream", retryable: true });
    expect(error.message).toMatch(/Replicate prediction [0-9a-f]+ failed: CUDA out of memory/);
  });

  it("maps canceled and aborted predictions: timeout at our deadline, upstream otherwise", async () => {
    fake.setScenario({ outcome: "canceled" });
    expect(await failure(generate(IMAGEN))).toMatchObject({ kind: "upstream" });
    fake.setScenario({ outcome: "canceled", predictionFields: { deadline: new Date(Date.now() - 1000).toISOString() } });
    expect(await failure(generate(IMAGEN))).toMatchObject({ kind: "timeout" });
    fake.setScenario({ outcome: "aborted" });
    expect(await failure(generate(IMAGEN))).toMatchObject({ kind: "timeout" });
  });

  it("rejects a response that is not a prediction, and a success without output", async () => {
    fake.setScenario({ malformed: true });
    const error = await failure(generate(IMAGEN));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 201 });
    expect(error.message).toMatch(/Replicate returned a response that is not a prediction/);

    fake.setScenario({ filtered: 1 });
    expect((await failure(generate("flux-schnell"))).message).toMatch(/succeeded without an output image/);
  });

  it("rides out brief poll failures but gives up, cancelling, when they persist", async () => {
    fake.setScenario({ pollsBeforeDone: 1, pollErrors: [{ status: 503 }, { status: 429, headers: { "retry-after": "0" } }] });
    expect((await generate(IMAGEN)).images).toHaveLength(1);

    fake.reset();
    fake.setScenario({ outcome: "never", pollErrors: [{ status: 500 }, { status: 502 }, { status: 500 }] });
    const error = await failure(generate(IMAGEN));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 500 });
    await fake.waitForRequest(isCancel);
  });

  it("reports an output file that cannot be downloaded", async () => {
    fake.setScenario({ fileStatus: 404 });
    expect(await failure(generate(IMAGEN))).toMatchObject({ kind: "upstream", statusCode: 404 });
  });
});

describe("replicate cancellation", () => {
  it("rejects promptly with a timeout when the deadline fires mid-poll, and cancels the prediction", async () => {
    fake.setScenario({ outcome: "never" });
    const started = Date.now();
    const error = await failure(generate(IMAGEN, {}, AbortSignal.timeout(150)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
    expect(error.message).toMatch(/did not answer before the request timeout/);
    const cancel = await fake.waitForRequest(isCancel);
    const id = (await fake.waitForRequest((r) => r.method === "GET")).path.split("/").at(-1);
    expect(cancel.path).toBe(`/v1/predictions/${id}/cancel`);
    expect(cancel.headers.authorization).toBe(`Bearer ${fake.token}`);
  });

  it("rejects promptly when the caller cancels during a held create request", async () => {
    fake.setScenario({ createDelayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(generate(IMAGEN, {}, controller.signal));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
    expect(error.message).toMatch(/cancelled/);
    // No id to cancel with yet: the Cancel-After deadline makes Replicate stop it.
    expect(creates()[0]!.headers["cancel-after"]).toBe("5m");
  });
});

describe("Replicate FLUX.1 Kontext", () => {
  it("makes one seeded image per prediction at the ratio's own size", async () => {
    const result = await generate("flux-kontext-pro", { aspectRatio: "3:2", seedExplicit: true, outputFormat: "jpeg" });
    expect(creates()[0]!.path).toBe("/v1/models/black-forest-labs/flux-kontext-pro/predictions");
    expect(creates()[0]!.body).toEqual({ input: { prompt: "a lighthouse at dusk", aspect_ratio: "3:2", seed: 42, output_format: "jpg" } });
    expect(result.images).toHaveLength(1);
    expect(result.images[0]!.seed).toBe(42);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "jpeg", width: 1248, height: 832 });
  });
});

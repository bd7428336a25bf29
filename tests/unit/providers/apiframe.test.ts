import sharp from "sharp";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import { apiframeProvider, createApiframeProvider } from "@/lib/providers/apiframe";
import type { CallOptions, ImageModel } from "@/lib/providers/types";
import { startApiframeFake, type ApiframeFake } from "../../fakes/apiframe-fake";
import { callOptions, catalogOffer, providerFailure, useFake } from "../../helpers/call-options";

let fake: ApiframeFake;
let model: ImageModel;
let fetchCalls: string[];

const offer = catalogOffer("imagen-4.0-generate-001", "apiframe");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const options = (overrides: Partial<CallOptions> = {}) => callOptions({ seed: 1234, ...overrides });

const signal = () => AbortSignal.timeout(10_000);
const submits = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/v2/images/generate");
const polls = () => fake.requests.filter((r) => r.method === "GET" && r.path.startsWith("/v2/jobs/"));

const failure = (opts: CallOptions = options()) => providerFailure(model.doGenerate(opts, { signal: signal() }));

useFake(async () => (fake = await startApiframeFake()));

beforeAll(() => {
  model = createApiframeProvider({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    pollIntervalMs: 20,
    maxDownloadBytes: 20_000_000,
    fetch: (input, init) => {
      fetchCalls.push(`${init?.method ?? "GET"} ${String(input)}`);
      return fetch(input, init);
    },
  }).imageModel(offer);
});

beforeEach(() => {
  fetchCalls = [];
});

describe("apiframe provider factory", () => {
  it("is off without APIFRAME_API_KEY and on with it, at the configured base URL", () => {
    expect(apiframeProvider.create(parseEnv({}))).toBeUndefined();
    const provider = apiframeProvider.create(parseEnv({ APIFRAME_API_KEY: "afk_x" }))!;
    expect(provider).toMatchObject({ id: "apiframe", name: "apiframe", simulated: false, baseUrl: "https://api.apiframe.ai" });
    const fast = catalogOffer("imagen-4.0-fast-generate-001", "apiframe");
    expect(provider.imageModel(fast)).toMatchObject({ provider: "apiframe", modelId: "imagen-4-fast", maxImagesPerCall: 1 });
  });
});

describe("apiframe requests", () => {
  it("submits a typical job with X-API-Key and a fresh Idempotency-Key, then polls it and downloads the image", async () => {
    const result = await model.doGenerate(options(), { signal: signal() });
    const [submit] = submits();
    expect(submit!.headers["x-api-key"]).toBe(fake.apiKey);
    expect(submit!.headers["idempotency-key"]).toMatch(UUID);
    expect(submit!.body).toEqual({
      model: "imagen-4",
      prompt: "a lighthouse at dusk",
      imagenParams: { aspect_ratio: "1:1", output_format: "png", image_size: "1K" },
    });
    const jobId = result.response.requestId!;
    expect(polls().map((p) => p.path)).toEqual([`/v2/jobs/${jobId}`, `/v2/jobs/${jobId}`]);
    expect(polls().every((p) => p.headers["x-api-key"] === fake.apiKey)).toBe(true);
    expect(fetchCalls).toEqual([
      `POST ${fake.url}/v2/images/generate`,
      `GET ${fake.url}/v2/jobs/${jobId}`,
      `GET ${fake.url}/v2/jobs/${jobId}`,
      `GET ${fake.url}/images/${jobId}-1.png`,
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.sent).toEqual({
      prompt: "a lighthouse at dusk",
      n: 1,
      size: { aspect_ratio: "1:1", image_size: "1K" },
      output_format: "png",
    });

    await model.doGenerate(options(), { signal: signal() });
    const keys = submits().map((s) => s.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(2);
  });

  it("sends a maximal job: 2K, 16:9, jpg; every parameter apiframe cannot take becomes a warning", async () => {
    const result = await model.doGenerate(
      options({
        tier: "2K",
        aspectRatio: "16:9",
        width: 2816,
        height: 1536,
        outputFormat: "jpeg",
        outputCompression: 70,
        negativePrompt: "fog",
        seed: 42,
        seedExplicit: true,
        quality: "hd",
        style: "vivid",
        thinking: "high",
        enhancePrompt: true,
        user: "u-1",
        extra: { webhookUrl: "https://example.com/hook", guidance: 7 },
      }),
      { signal: signal() },
    );
    expect(submits()[0]!.body).toEqual({
      model: "imagen-4",
      prompt: "a lighthouse at dusk",
      imagenParams: { aspect_ratio: "16:9", output_format: "jpg", image_size: "2K" },
    });
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "jpeg", width: 2816, height: 1536 });
    expect(result.images[0]).toMatchObject({ mediaType: "image/jpeg" });
    expect(result.images[0]!.seed).toBeUndefined();
    expect(result.sent).toMatchObject({ size: { aspect_ratio: "16:9", image_size: "2K" }, output_format: "jpg" });
    expect(result.sent.seed).toBeUndefined();
    expect(result.warnings.map((w) => w.param).sort()).toEqual(
      ["enhance_prompt", "guidance", "negative_prompt", "quality", "seed", "style", "thinking", "user", "webhookUrl"],
    );
    expect(result.warnings.every((w) => w.type === "unsupported")).toBe(true);
  });

  it("asks for png when the caller wants a format apiframe lacks, without a warning (the gateway converts)", async () => {
    const result = await model.doGenerate(options({ outputFormat: "webp" }), { signal: signal() });
    expect((submits()[0]!.body as { imagenParams: { output_format: string } }).imagenParams.output_format).toBe("png");
    expect(result.warnings).toEqual([]);
  });

  it("resends a submission whose connection failed with the same Idempotency-Key, so only one job is billed", async () => {
    let failed = false;
    const flaky = createApiframeProvider({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      pollIntervalMs: 20,
      maxDownloadBytes: 20_000_000,
      // The first POST reaches apiframe, then the connection drops before the answer arrives.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method === "POST" && !failed) {
          failed = true;
          throw new TypeError("fetch failed", { cause: new Error("socket hang up") });
        }
        return response;
      },
    }).imageModel(offer);
    const result = await flaky.doGenerate(options(), { signal: signal() });
    expect(result.images).toHaveLength(1);
    const keys = submits().map((s) => s.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(polls().map((p) => p.path)).size).toBe(1);
  });

  it("the fake replays a job for a repeated Idempotency-Key (what makes a retried POST safe)", async () => {
    const post = () =>
      fetch(`${fake.url}/v2/images/generate`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": fake.apiKey, "idempotency-key": "same-key" },
        body: JSON.stringify({ model: "imagen-4", prompt: "p" }),
      }).then((r) => r.json() as Promise<{ jobId: string }>);
    const [a, b] = [await post(), await post()];
    expect(a.jobId).toBe(b.jobId);
  });
});

describe("apiframe responses", () => {
  it("maps the image, job id, credit cost and status", async () => {
    const result = await model.doGenerate(options({ aspectRatio: "4:3", width: 1280, height: 896 }), { signal: signal() });
    expect(result.response).toEqual({ status: 202, requestId: expect.stringMatching(UUID) });
    expect(result.providerMetadata).toEqual({ jobId: result.response.requestId, creditCost: 7 });
    expect(result.images).toHaveLength(1);
    expect(result.images[0]!.mediaType).toBe("image/png");
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 1280, height: 896 });
  });

  it("accepts the legacy result shape (a bare URL string)", async () => {
    fake.set({ scenario: "legacy_result" });
    const result = await model.doGenerate(options(), { signal: signal() });
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ width: 1024, height: 1024 });
  });

  it("keeps polling through a transient 503 on the job endpoint", async () => {
    fake.set({ scenario: "poll_flaky" });
    const result = await model.doGenerate(options(), { signal: signal() });
    expect(result.images).toHaveLength(1);
    expect(submits()).toHaveLength(1);
  });
});

describe("apiframe errors", () => {
  it.each([
    ["auth", "auth", 401, /API key.*refused/],
    ["forbidden", "auth", 403, /may not use this model/],
    ["credits", "auth", 402, /insufficient credits \(7 credits required, 2 available\)/],
    ["not_found", "not_found", 404, /Model not found/],
    ["rate_limit", "rate_limit", 429, /Too many requests/],
    ["unavailable", "unavailable", 503, /temporarily unavailable/],
  ] as const)("maps the %s answer to kind %s", async (scenario, kind, status, message) => {
    fake.set({ scenario });
    const error = await failure();
    expect(error).toMatchObject({ provider: "apiframe", kind, statusCode: status });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^apiframe answered/);
    expect(polls()).toHaveLength(0);
  });

  it("keeps Retry-After, and never retries a 402", async () => {
    fake.set({ scenario: "rate_limit" });
    expect(await failure()).toMatchObject({ retryAfterMs: 11_000, retryable: true });
    fake.set({ scenario: "credits" });
    expect(await failure()).toMatchObject({ retryable: false, responseBody: { creditsRequired: 7, creditsAvailable: 2 } });
  });

  it("maps a 400 to invalid_request with apiframe's details", async () => {
    const error = await failure(options({ prompt: "x".repeat(2001) }));
    expect(error).toMatchObject({ kind: "invalid_request", statusCode: 400, retryable: false });
    expect(error.message).toMatch(/Validation failed \(prompt: String must contain 1 to 2000/);
  });

  it.each([
    ["failed_policy", "content_policy", /content policy violation/],
    ["failed_other", "upstream", /failed: Provider returned 500/],
    ["cancelled", "upstream", /cancelled/],
    ["expired", "upstream", /assets expired/],
    ["malformed_job", "upstream", /does not understand/],
  ] as const)("maps a %s job to kind %s", async (scenario, kind, message) => {
    fake.set({ scenario });
    const error = await failure();
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it("stops polling promptly with a timeout when the deadline fires mid-poll (apiframe has no cancel endpoint)", async () => {
    fake.set({ scenario: "never" });
    const started = Date.now();
    const error = await model.doGenerate(options(), { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
    expect(Date.now() - started).toBeLessThan(1000);
    // A poll already on the wire when the deadline fired may still land: count after it, then expect none.
    await new Promise((r) => setTimeout(r, 50));
    const count = fake.requests.length;
    expect(polls().length).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.requests.length).toBe(count);
    expect(fake.requests.every((r) => r.method === "GET" || r.path === "/v2/images/generate")).toBe(true);
  });

  it("reports a cancellation by the caller as a non-retryable timeout", async () => {
    fake.set({ scenario: "never" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const error = await model.doGenerate(options(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
  });
});

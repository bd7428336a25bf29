import sharp from "sharp";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import { aimlapiProvider, createAimlapiProvider } from "@/lib/providers/aimlapi";
import type { CallOptions, ImageModel } from "@/lib/providers/types";
import { startAimlapiFake, type AimlapiFake } from "../../fakes/aimlapi-fake";
import { callOptions, catalogOffer, providerFailure, useFake } from "../../helpers/call-options";

let fake: AimlapiFake;
let model: ImageModel;
let fetchCalls: string[];

const offer = catalogOffer("imagen-4.0-generate-001", "aimlapi");

const options = (overrides: Partial<CallOptions> = {}) => callOptions({ seed: 1234, seedExplicit: true, ...overrides });

const signal = () => AbortSignal.timeout(10_000);
const lastBody = () => fake.requests.at(-1)!.body as Record<string, unknown>;

const failure = (opts: CallOptions = options()) => providerFailure(model.doGenerate(opts, { signal: signal() }));

useFake(async () => (fake = await startAimlapiFake()));

beforeAll(() => {
  const provider = createAimlapiProvider({
    apiKey: fake.apiKey,
    baseUrl: `${fake.url}/`,
    maxDownloadBytes: 10_000_000,
    fetch: (input, init) => {
      fetchCalls.push(String(input));
      return fetch(input, init);
    },
  });
  model = provider.imageModel(offer);
});

beforeEach(() => {
  fetchCalls = [];
});

describe("aimlapi provider factory", () => {
  it("is off without AIMLAPI_KEY and on with it, at the configured base URL", () => {
    expect(aimlapiProvider.create(parseEnv({}))).toBeUndefined();
    const provider = aimlapiProvider.create(parseEnv({ AIMLAPI_KEY: "k", AIMLAPI_BASE_URL: "https://aiml.example/" }))!;
    expect(provider).toMatchObject({ id: "aimlapi", name: "AIML API", simulated: false, baseUrl: "https://aiml.example" });
    expect(provider.imageModel(offer)).toMatchObject({ provider: "aimlapi", modelId: "google/imagen-4.0-generate-001", maxImagesPerCall: 4 });
  });
});

describe("aimlapi requests", () => {
  it("sends a typical request with Bearer auth and asks for base64", async () => {
    const result = await model.doGenerate(options(), { signal: signal() });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/images/generations");
    expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toEqual({
      model: "google/imagen-4.0-generate-001",
      prompt: "a lighthouse at dusk",
      num_images: 1,
      seed: 1234,
      aspect_ratio: "1:1",
      convert_base64_to_url: false,
    });
    expect(fetchCalls).toEqual([`${fake.url}/v1/images/generations`]);
    expect(result.warnings).toEqual([]);
    expect(result.sent).toEqual({
      prompt: "a lighthouse at dusk",
      seed: 1234,
      n: 1,
      size: { aspect_ratio: "1:1" },
      response_format: { convert_base64_to_url: false },
    });
  });

  it("sends a maximal request: count, ratio, enhance_prompt and AIML's own extras at the top level", async () => {
    const result = await model.doGenerate(
      options({
        n: 4,
        seed: 4_294_967_294,
        aspectRatio: "16:9",
        width: 1408,
        height: 768,
        enhancePrompt: false,
        outputFormat: "webp",
        outputCompression: 80,
        negativePrompt: "fog",
        quality: "hd",
        style: "vivid",
        thinking: "high",
        user: "u-1",
        extra: { person_generation: "dont_allow", safety_setting: "block_only_high", add_watermark: true, convert_base64_to_url: true },
      }),
      { signal: signal() },
    );
    const body = lastBody();
    expect(body.model).toBe("google/imagen-4.0-generate-001");
    expect(body.prompt).toBe("a lighthouse at dusk");
    expect(body.num_images).toBe(4);
    expect(body.seed).toBe(4_294_967_294);
    expect(body.aspect_ratio).toBe("16:9");
    expect(body.enhance_prompt).toBe(false);
    expect(body.convert_base64_to_url).toBe(false);
    expect(body.person_generation).toBe("dont_allow");
    expect(body.safety_setting).toBe("block_only_high");
    expect(body.add_watermark).toBe(true);
    expect(Object.keys(body).sort()).toEqual(
      ["add_watermark", "aspect_ratio", "convert_base64_to_url", "enhance_prompt", "model", "num_images", "person_generation", "prompt", "safety_setting", "seed"],
    );

    expect(result.images).toHaveLength(4);
    expect(result.images.map((i) => i.seed)).toEqual([4_294_967_294, 4_294_967_295, 0, 1]);
    expect(result.images.every((i) => i.revisedPrompt === undefined)).toBe(true);
    for (const image of result.images) {
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "png", width: 1408, height: 768 });
    }
    expect(result.sent).toMatchObject({ n: 4, seed: 4_294_967_294, size: { aspect_ratio: "16:9" }, enhance_prompt: false });
    const params = result.warnings.map((w) => w.param).sort();
    expect(params).toEqual(["convert_base64_to_url", "negative_prompt", "quality", "style", "thinking", "user"]);
    expect(result.warnings.find((w) => w.param === "negative_prompt")).toMatchObject({ type: "unsupported" });
    expect(result.warnings.some((w) => w.param === "output_format" || w.param === "output_compression")).toBe(false);
  });

  it("refuses a prompt over 400 characters before calling AIML", async () => {
    const error = await failure(options({ prompt: "x".repeat(401) }));
    expect(error.kind).toBe("invalid_request");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/at most 400 characters/);
    expect(error.message).toMatch(/401/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("aimlapi responses", () => {
  it("maps base64 images: bytes, size, seed, revised prompt, usage and request id", async () => {
    const result = await model.doGenerate(options({ n: 2, aspectRatio: "3:4", width: 896, height: 1280 }), { signal: signal() });
    expect(result.response.status).toBe(201);
    expect(result.response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.images).toHaveLength(2);
    expect(result.images[0]).toMatchObject({ mediaType: "image/png", seed: 1234, revisedPrompt: "a lighthouse at dusk, cinematic lighting, highly detailed" });
    expect(result.images[1]!.seed).toBe(1235);
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 896, height: 1280 });
    expect(result.providerMetadata).toEqual({ usage: { credits_used: 240000 } });
    expect(result.usage).toBeUndefined();
  });

  it("downloads URL answers from AIML's host (200 status, tokens_used variant)", async () => {
    fake.set({ scenario: "url", successStatus: 200, usageKey: "tokens_used" });
    const result = await model.doGenerate(options({ aspectRatio: "9:16", width: 768, height: 1408 }), { signal: signal() });
    expect(result.response.status).toBe(200);
    expect(fetchCalls).toHaveLength(2);
    expect(fetchCalls[1]).toMatch(new RegExp(`^${fake.url}/files/.+\\.png$`));
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ width: 768, height: 1408 });
    expect(result.providerMetadata).toEqual({ usage: { tokens_used: 120000 } });
  });

  it("returns the images that survived when some were filtered", async () => {
    fake.set({ scenario: "partial" });
    const result = await model.doGenerate(options({ n: 3 }), { signal: signal() });
    expect(result.images).toHaveLength(2);
  });
});

describe("aimlapi errors", () => {
  it.each([
    ["auth", "auth", 401, /valid API key/],
    ["credits", "auth", 403, /out of credits/],
    ["not_found", "not_found", 404, /Model not found/],
    ["rate_limit", "rate_limit", 429, /Too Many Requests/],
    ["server_error", "upstream", 500, /try again later/],
    ["unavailable", "unavailable", 503, /Service unavailable/],
    ["safety", "content_policy", 400, /safety filter/],
  ] as const)("maps the %s answer to kind %s", async (scenario, kind, status, message) => {
    fake.set({ scenario });
    const error = await failure();
    expect(error).toMatchObject({ provider: "aimlapi", kind, statusCode: status });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^aimlapi answered/);
    expect(error.message).toMatch(/request id [0-9a-f-]{36}/);
    expect(error.responseBody).toMatchObject({ statusCode: status, path: "/v1/images/generations" });
  });

  it("keeps Retry-After on a rate limit and marks auth failures non-retryable", async () => {
    fake.set({ scenario: "rate_limit" });
    expect(await failure()).toMatchObject({ retryAfterMs: 7000, retryable: true });
    fake.set({ scenario: "credits" });
    expect((await failure()).retryable).toBe(false);
  });

  it("maps AIML's body validation error to invalid_request with its hints", async () => {
    const error = await failure(options({ extra: { person_generation: "allow_all" } }));
    expect(error).toMatchObject({ kind: "invalid_request", statusCode: 400, retryable: false });
    expect(error.message).toMatch(/Body validation error!/);
    expect(error.message).toMatch(/person_generation.*allow_all/s);
  });

  it("treats a 200 without images as content_policy when AIML says they were filtered, else upstream", async () => {
    fake.set({ scenario: "filtered" });
    expect(await failure()).toMatchObject({ kind: "content_policy", statusCode: 200 });
    fake.set({ scenario: "empty" });
    expect(await failure()).toMatchObject({ kind: "upstream", message: "aimlapi answered without any image" });
  });

  it("rejects an undocumented response shape as upstream", async () => {
    fake.set({ scenario: "malformed" });
    const error = await failure();
    expect(error.kind).toBe("upstream");
    expect(error.message).toMatch(/does not understand/);
  });

  it("rejects promptly with a timeout when the deadline fires mid-request", async () => {
    fake.set({ delayMs: 3000 });
    const started = Date.now();
    const error = await model.doGenerate(options(), { signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reports a cancellation by the caller as a non-retryable timeout", async () => {
    fake.set({ delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await model.doGenerate(options(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
  });
});

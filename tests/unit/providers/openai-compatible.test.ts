import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findModel, providerOfferSchema } from "@/lib/catalog";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import { loadProvidersFile, type FileOffer } from "@/lib/providers/openai-compatible";
import type { CallOptions } from "@/lib/providers/types";
import { parseRoutingSection } from "@/lib/router/routing-file";
import { startOpenAIFake, type OpenAIFake } from "../../fakes/openai-fake";
import { callOptions as baseCallOptions } from "../../helpers/call-options";

let dir: string;
let counter = 0;

async function writeProvidersFile(content: unknown): Promise<string> {
  const file = path.join(dir, `providers-${++counter}.json`);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const callOptions = (overrides: Partial<CallOptions> = {}) =>
  baseCallOptions({ prompt: "a red fox in snow", seed: 5, aspectRatio: "16:9", height: 576, ...overrides });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "darkroom-providers-file-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadProvidersFile", () => {
  it("an absent file means no custom providers", () => {
    expect(loadProvidersFile(path.join(tmpdir(), "no-such-darkroom.providers.json"), {})).toEqual({ factories: [], offers: [], routing: {} });
  });

  it("reads the routing section and rejects unknown models or policies in it", async () => {
    const routing = { policy: "priority", models: { "flux-dev": "fastest" }, order: { "imagen-4.0-generate-001": ["replicate", "fal"] }, fallbackOnContentPolicy: true };
    const file = await writeProvidersFile({ providers: [], routing });
    // Providers carry the section through; the router validates it (lib/router/routing-file.ts).
    const loadRouting = (at: string) => parseRoutingSection(at, loadProvidersFile(at, {}).routing);
    expect(loadRouting(file)).toEqual(routing);
    const badModel = await writeProvidersFile({ providers: [], routing: { models: { "flux-devv": "fastest" } } });
    expect(() => loadRouting(badModel)).toThrow(/routing\.models\.flux-devv: not a catalog model/);
    const badPolicy = await writeProvidersFile({ providers: [], routing: { policy: "random" } });
    expect(() => loadRouting(badPolicy)).toThrow(/routing\.policy/);
  });

  it("turns a valid file into factories and catalog offers", async () => {
    const file = await writeProvidersFile({
      providers: [
        {
          id: "localai",
          name: "LocalAI on the GPU box",
          baseUrl: "http://gpu-box:8080/v1",
          models: [
            { model: "flux-dev", providerModelId: "flux.1-dev-ggml", pricePerImage: 0.001, maxImagesPerCall: 4 },
            { model: "gpt-image-1-mini" },
          ],
        },
        { id: "proxy", baseUrl: "https://proxy.example.com/v1", apiKeyEnv: "PROXY_KEY", models: [{ model: "gpt-image-1-mini" }] },
      ],
    });
    const result = loadProvidersFile(file, { PROXY_KEY: "pk-1" });

    expect(result.factories.map((f) => [f.id, f.name, f.enabledBy])).toEqual([
      ["localai", "LocalAI on the GPU box", []],
      ["proxy", "proxy", ["PROXY_KEY"]],
    ]);
    const env = parseEnv({});
    const localai = result.factories[0]!.create(env)!;
    expect(localai).toMatchObject({ id: "localai", name: "LocalAI on the GPU box", simulated: false, baseUrl: "http://gpu-box:8080/v1" });
    expect(result.factories[1]!.create(env)).toMatchObject({ id: "proxy", baseUrl: "https://proxy.example.com/v1" });

    const flux = findModel("flux-dev")!;
    const fluxOffer = result.offers.find((o) => o.modelId === "flux-dev")!.offer;
    expect(fluxOffer).toEqual<FileOffer>({
      provider: "localai",
      providerModelId: "flux.1-dev-ggml",
      tiers: ["0.5K", "1K"],
      aspectRatios: Object.keys(flux.sizes["1K"]!),
      maxImagesPerCall: 4,
      price: { perImage: { "0.5K": 0.001, "1K": 0.001 }, source: "darkroom.providers.json", verified: false },
      params: expect.objectContaining({
        prompt: { mode: "passthrough" },
        seed: expect.objectContaining({ mode: "unsupported" }),
        size: expect.objectContaining({ mode: "converted", wire: "size" }),
        output_format: expect.objectContaining({ mode: "passthrough" }),
        quality: { mode: "unsupported" },
        user: { mode: "passthrough" },
      }),
    });
    expect(() => providerOfferSchema.parse(fluxOffer)).not.toThrow();

    const gptOffers = result.offers.filter((o) => o.modelId === "gpt-image-1-mini").map((o) => o.offer);
    expect(gptOffers.map((o) => o.provider)).toEqual(["localai", "proxy"]);
    expect(gptOffers[0]).toMatchObject({
      providerModelId: "gpt-image-1-mini",
      tiers: ["1K"],
      aspectRatios: ["1:1", "3:2", "2:3"],
      maxImagesPerCall: 1,
      price: { perImage: { "1K": 0 }, verified: false },
      params: { quality: { mode: "passthrough" } },
    });
  });

  it("a provider whose apiKeyEnv is unset is listed but not configured", async () => {
    const file = await writeProvidersFile({
      providers: [{ id: "proxy", baseUrl: "https://proxy.example.com/v1", apiKeyEnv: "PROXY_KEY", models: [{ model: "flux-dev" }] }],
    });
    for (const env of [{}, { PROXY_KEY: "" }, { PROXY_KEY: "   " }]) {
      const result = loadProvidersFile(file, env);
      expect(result.factories).toHaveLength(1);
      expect(result.factories[0]!.enabledBy).toEqual(["PROXY_KEY"]);
      expect(result.factories[0]!.create(parseEnv({}))).toBeUndefined();
      expect(result.offers).toHaveLength(1);
    }
  });

  it.each([
    ["not JSON", "{ providers: ", /is not valid JSON/],
    ["a missing baseUrl", { providers: [{ id: "x", models: [{ model: "flux-dev" }] }] }, /providers\[0\]\.baseUrl/],
    ["a non-http baseUrl", { providers: [{ id: "x", baseUrl: "ftp://h/v1", models: [{ model: "flux-dev" }] }] }, /providers\[0\]\.baseUrl: must be an http\(s\) URL/],
    ["a bad id", { providers: [{ id: "My Server", baseUrl: "http://h/v1", models: [{ model: "flux-dev" }] }] }, /providers\[0\]\.id: must be lower-case/],
    ["a typo'd field", { providers: [{ id: "x", baseURL: "http://h/v1", baseUrl: "http://h/v1", models: [{ model: "flux-dev" }] }] }, /providers\[0\]\.baseURL: unknown field/],
    ["a negative price", { providers: [{ id: "x", baseUrl: "http://h/v1", models: [{ model: "flux-dev", pricePerImage: -1 }] }] }, /providers\[0\]\.models\[0\]\.pricePerImage/],
    ["too many images per call", { providers: [{ id: "x", baseUrl: "http://h/v1", models: [{ model: "flux-dev", maxImagesPerCall: 11 }] }] }, /providers\[0\]\.models\[0\]\.maxImagesPerCall/],
    ["no models", { providers: [{ id: "x", baseUrl: "http://h/v1", models: [] }] }, /providers\[0\]\.models: must list at least one model/],
    ["an unknown catalog model", { providers: [{ id: "x", baseUrl: "http://h/v1", models: [{ model: "flux-dex" }] }] }, /providers\[0\]\.models\[0\]\.model: 'flux-dex' is not a catalog model \(did you mean 'flux-dev'/],
    ["a built-in provider id", { providers: [{ id: "openai", baseUrl: "http://h/v1", models: [{ model: "flux-dev" }] }] }, /providers\[0\]\.id: 'openai' is a built-in provider id/],
    [
      "a duplicate id",
      { providers: [{ id: "x", baseUrl: "http://h/v1", models: [{ model: "flux-dev" }] }, { id: "x", baseUrl: "http://h/v1", models: [{ model: "flux-dev" }] }] },
      /providers\[1\]\.id: 'x' is listed twice/,
    ],
    ["no providers key", { servers: [] }, /providers: /],
  ])("rejects %s, naming the file and the field", async (_, content, message) => {
    const file = await writeProvidersFile(content);
    const error = (() => {
      try {
        loadProvidersFile(file, {});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain(file);
    expect(error!.message).toMatch(message);
  });
});

describe("a self-hosted server from darkroom.providers.json (LocalAI-like)", () => {
  let server: OpenAIFake;

  beforeAll(async () => {
    server = await startOpenAIFake({ flavor: "localai", apiKey: null });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.setScenario({ kind: "success" });
    server.requests.length = 0;
    server.downloads.length = 0;
  });

  async function localModel(extra: Record<string, unknown> = {}) {
    const file = await writeProvidersFile({
      providers: [{ id: "localai", name: "LocalAI", baseUrl: server.url, models: [{ model: "flux-dev", providerModelId: "flux.1-dev", maxImagesPerCall: 4, ...extra }] }],
    });
    const { factories, offers } = loadProvidersFile(file, {});
    const provider = factories[0]!.create(parseEnv({}))!;
    return provider.imageModel({ ...offers[0]!.offer, key: `localai/${offers[0]!.modelId}` });
  }

  it("posts to the configured base URL without a key and downloads the URLs it returns from its own host", async () => {
    const model = await localModel();
    expect(model).toMatchObject({ provider: "localai", modelId: "flux.1-dev", maxImagesPerCall: 4 });
    const result = await model.doGenerate(callOptions({ n: 2, user: "u1" }), { signal: AbortSignal.timeout(15_000) });
    const request = server.requests.at(-1)!;
    expect(request.path).toBe("/v1/images/generations");
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toEqual({ model: "flux.1-dev", prompt: "a red fox in snow", n: 2, size: "1024x576", user: "u1" });
    expect(server.downloads).toHaveLength(2);
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image.mediaType).toBe("image/png");
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "png", width: 1024, height: 576 });
    }
    expect(result.usage).toBeUndefined();
    expect(result.sent).toEqual({ prompt: "a red fox in snow", n: 2, size: "1024x576", user: "u1" });
  });

  it("sends the bearer key from apiKeyEnv when one is configured", async () => {
    const keyed = await startOpenAIFake({ flavor: "localai", apiKey: "local-secret" });
    try {
      const file = await writeProvidersFile({
        providers: [{ id: "keyed", baseUrl: keyed.url, apiKeyEnv: "LOCAL_KEY", models: [{ model: "flux-dev" }] }],
      });
      const { factories, offers } = loadProvidersFile(file, { LOCAL_KEY: "local-secret" });
      const model = factories[0]!.create(parseEnv({}))!.imageModel({ ...offers[0]!.offer, key: "keyed/flux-dev" });
      await model.doGenerate(callOptions(), { signal: AbortSignal.timeout(15_000) });
      expect(keyed.requests.at(-1)!.headers.authorization).toBe("Bearer local-secret");
    } finally {
      await keyed.close();
    }
  });

  it("refuses image URLs on a host other than the configured one when they are private", async () => {
    server.setScenario({ kind: "foreign_url" });
    const model = await localModel();
    const error = await model.doGenerate(callOptions(), { signal: AbortSignal.timeout(15_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "upstream", provider: "localai", retryable: false });
    expect(server.downloads).toHaveLength(0);
  });

  it("folds a self-hosted error shape ({code: 500, message}) into a ProviderError", async () => {
    const model = await localModel();
    // A size without an "x" is LocalAI's classic failure.
    const error = await model.doGenerate(callOptions({ width: Number.NaN }), { signal: AbortSignal.timeout(15_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "upstream", statusCode: 500, retryable: true });
    expect((error as ProviderError).message).toContain("invalid value for 'size'");
    expect((error as ProviderError).message).toContain("[500]");
  });

  it("rejects promptly with a timeout error when the deadline fires", async () => {
    server.setScenario({ kind: "slow", delayMs: 5_000 });
    const model = await localModel();
    const started = Date.now();
    const error = await model.doGenerate(callOptions(), { signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
  });
});

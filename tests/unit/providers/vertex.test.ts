import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ProviderError } from "@/lib/providers/errors";
import type { CallOptions, Provider } from "@/lib/providers/types";
import { createVertexProvider, vertexProvider } from "@/lib/providers/vertex";
import { startGoogleFake, type GoogleFake } from "../../fakes/google-fake";
import { callOptions, catalogOffer, providerFailure, useFake } from "../../helpers/call-options";

let fake: GoogleFake;
let provider: Provider;
let keyDir: string;

const offer = (model: string) => catalogOffer(model, "vertex");

const options = callOptions;

const generate = (overrides: Partial<CallOptions> = {}, model = "imagen-4.0-generate-001", signal = AbortSignal.timeout(10_000), p = provider) =>
  p.imageModel(offer(model)).doGenerate(options(overrides), { signal });

const failure = providerFailure;

const lastBody = () => fake.modelRequests().at(-1)!.body as { instances: { prompt: string }[]; parameters: Record<string, unknown> };

useFake(async () => (fake = await startGoogleFake()));

beforeAll(async () => {
  provider = createVertexProvider({ project: fake.project, location: fake.location, baseUrl: fake.url, accessToken: fake.accessToken });
  keyDir = await mkdtemp(path.join(tmpdir(), "darkroom-vertex-"));
});

afterAll(async () => {
  await rm(keyDir, { recursive: true, force: true });
});

describe("vertex request", () => {
  it("sends a typical request to the regional predict path with a Bearer token", async () => {
    const result = await generate({ n: 2, aspectRatio: "16:9", width: 1408, height: 768 });
    const request = fake.modelRequests()[0]!;
    expect(request.path).toBe(`/v1/projects/${fake.project}/locations/${fake.location}/publishers/google/models/imagen-4.0-generate-001:predict`);
    expect(request.headers.authorization).toBe(`Bearer ${fake.accessToken}`);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toEqual({
      instances: [{ prompt: "a lighthouse at dusk" }],
      parameters: { sampleCount: 2, aspectRatio: "16:9", sampleImageSize: "1K", seed: 42, addWatermark: false, includeRaiReason: true },
    });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image.mediaType).toBe("image/png");
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "png", width: 1408, height: 768 });
      expect(image.revisedPrompt).toBeUndefined();
    }
    expect(result.images.map((i) => i.seed)).toEqual([42, 43]);
    expect(result.warnings).toEqual([]);
    expect(result.sent).toEqual({ prompt: "a lighthouse at dusk", n: 2, size: { aspectRatio: "16:9", sampleImageSize: "1K" }, seed: 42 });
    expect(result.response.status).toBe(200);
  });

  it("maps every parameter of a maximal request", async () => {
    const result = await generate({
      n: 4,
      aspectRatio: "9:16",
      tier: "2K",
      width: 1536,
      height: 2816,
      negativePrompt: "fog",
      seed: 4_294_967_294,
      seedExplicit: true,
      enhancePrompt: true,
      outputFormat: "jpeg",
      outputCompression: 80,
      extra: { personGeneration: "allow_adult", safetySetting: "block_only_high", sampleCount: 9 },
    });
    const { instances, parameters } = lastBody();
    expect(instances).toEqual([{ prompt: "a lighthouse at dusk" }]);
    expect(parameters.sampleCount).toBe(4);
    expect(parameters.aspectRatio).toBe("9:16");
    expect(parameters.sampleImageSize).toBe("2K");
    expect(parameters.negativePrompt).toBe("fog");
    expect(parameters.seed).toBe(4_294_967_294);
    expect(parameters.addWatermark).toBe(false);
    expect(parameters.enhancePrompt).toBe(true);
    expect(parameters.outputOptions).toEqual({ mimeType: "image/jpeg", compressionQuality: 80 });
    expect(parameters.includeRaiReason).toBe(true);
    expect(parameters.personGeneration).toBe("allow_adult");
    expect(parameters.safetySetting).toBe("block_only_high");
    expect(Object.keys(parameters).sort()).toEqual(
      ["addWatermark", "aspectRatio", "enhancePrompt", "includeRaiReason", "negativePrompt", "outputOptions", "personGeneration", "safetySetting", "sampleCount", "sampleImageSize", "seed"].sort(),
    );

    expect(result.images).toHaveLength(4);
    expect(result.images[0]!.mediaType).toBe("image/jpeg");
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "jpeg", width: 1536, height: 2816 });
    expect(result.images.map((i) => i.seed)).toEqual([4_294_967_294, 4_294_967_295, 0, 1]);
    expect(result.images.every((i) => i.revisedPrompt === "Enhanced: a lighthouse at dusk")).toBe(true);
    expect(result.sent).toEqual({
      prompt: "a lighthouse at dusk",
      n: 4,
      size: { aspectRatio: "9:16", sampleImageSize: "2K" },
      negative_prompt: "fog",
      seed: 4_294_967_294,
      enhance_prompt: true,
      output_format: "image/jpeg",
      output_compression: 80,
    });
    expect(result.warnings).toEqual([expect.objectContaining({ type: "adjusted", param: "sampleCount" })]);
  });

  it("omits sampleImageSize for Imagen 4 Fast, which has only 1K", async () => {
    const result = await generate({}, "imagen-4.0-fast-generate-001");
    expect(fake.modelRequests()[0]!.path).toMatch(/imagen-4\.0-fast-generate-001:predict$/);
    expect(lastBody().parameters).not.toHaveProperty("sampleImageSize");
    expect(result.sent.size).toEqual({ aspectRatio: "1:1" });
  });

  it("asks for PNG natively and leaves other formats to the gateway without a warning", async () => {
    await generate({ outputFormat: "png" });
    expect(lastBody().parameters.outputOptions).toEqual({ mimeType: "image/png" });
    const webp = await generate({ outputFormat: "webp", outputCompression: 50 });
    expect(lastBody().parameters).not.toHaveProperty("outputOptions");
    expect(webp.warnings).toEqual([]);
    expect(webp.sent).not.toHaveProperty("output_format");
  });

  it("warns about parameters Imagen does not have", async () => {
    const result = await generate({ quality: "hd", style: "vivid", user: "u-1" });
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "quality"],
      ["unsupported", "style"],
      ["unsupported", "user"],
    ]);
    expect(lastBody().parameters).not.toHaveProperty("user");
  });
});

describe("vertex safety filtering", () => {
  it("turns a blocked prompt (400 INVALID_ARGUMENT with support codes) into content_policy", async () => {
    fake.setScenario({ kind: "prompt_blocked" });
    const error = await failure(generate());
    expect(error).toMatchObject({ kind: "content_policy", statusCode: 400, retryable: false, provider: "vertex" });
    expect(error.message).toMatch(/^Vertex AI answered 400 INVALID_ARGUMENT: .*Responsible AI/);
  });

  it("treats a 200 whose images were all filtered (raiFilteredReason) as content_policy", async () => {
    fake.setScenario({ kind: "filtered", keep: 0, withReasons: true });
    const error = await failure(generate({ n: 2 }));
    expect(error).toMatchObject({ kind: "content_policy", statusCode: 200 });
    expect(error.message).toMatch(/filtered every image.*Support codes: 63429089/);
  });

  it("treats an empty 200 body ({}) as content_policy", async () => {
    fake.setScenario({ kind: "filtered", keep: 0, withReasons: false });
    const error = await failure(generate());
    expect(error.kind).toBe("content_policy");
  });

  it("returns the survivors of a partly filtered batch", async () => {
    fake.setScenario({ kind: "filtered", keep: 1, withReasons: true });
    const result = await generate({ n: 3 });
    expect(result.images).toHaveLength(1);
    expect(result.providerMetadata?.raiFilteredReasons).toHaveLength(2);
  });
});

describe("vertex errors", () => {
  it("maps 429 RESOURCE_EXHAUSTED to rate_limit with RetryInfo's retryDelay", async () => {
    fake.setScenario({
      kind: "error",
      status: 429,
      googleStatus: "RESOURCE_EXHAUSTED",
      message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: imagen-4.0-generate.",
      details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" }],
    });
    const error = await failure(generate());
    expect(error).toMatchObject({ kind: "rate_limit", statusCode: 429, retryable: true, retryAfterMs: 12_000 });
    expect(error.message).toContain("Quota exceeded");
  });

  it("prefers a Retry-After header", async () => {
    fake.setScenario({ kind: "error", status: 429, googleStatus: "RESOURCE_EXHAUSTED", message: "Resource exhausted. Please try again later.", retryAfter: "7" });
    expect((await failure(generate())).retryAfterMs).toBe(7_000);
  });

  it("maps a rejected token to auth with a hint", async () => {
    const stale = createVertexProvider({ project: fake.project, location: fake.location, baseUrl: fake.url, accessToken: "ya29.expired" });
    const error = await failure(generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(10_000), stale));
    expect(error).toMatchObject({ kind: "auth", statusCode: 401, retryable: false });
    expect(error.message).toMatch(/UNAUTHENTICATED.*VERTEX_ACCESS_TOKEN/);
  });

  it("maps 403 PERMISSION_DENIED (wrong project) to auth", async () => {
    const other = createVertexProvider({ project: "someone-else", location: fake.location, baseUrl: fake.url, accessToken: fake.accessToken });
    const error = await failure(generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(10_000), other));
    expect(error).toMatchObject({ kind: "auth", statusCode: 403 });
  });

  it("maps 404 NOT_FOUND (a retired model) to not_found", async () => {
    fake.setScenario({ kind: "error", status: 404, googleStatus: "NOT_FOUND", message: "Publisher Model `imagen-4.0-generate-001` was not found or your project does not have access to it." });
    const error = await failure(generate());
    expect(error).toMatchObject({ kind: "not_found", statusCode: 404, retryable: false });
    expect(error.message).toMatch(/retired/);
  });

  it.each([
    [503, "UNAVAILABLE", "unavailable"],
    [500, "INTERNAL", "upstream"],
    [504, "DEADLINE_EXCEEDED", "timeout"],
  ])("maps %i %s to %s", async (status, googleStatus, kind) => {
    fake.setScenario({ kind: "error", status, googleStatus, message: "Something went wrong." });
    const error = await failure(generate());
    expect(error).toMatchObject({ kind, statusCode: status, retryable: true });
  });

  it.each([
    ["a non-JSON body", "<html>oops</html>"],
    ["an unexpected shape", JSON.stringify({ predictions: "nope" })],
    ["predictions without images or reasons", JSON.stringify({ predictions: [{ unexpected: true }] })],
  ])("reports %s as upstream", async (_, body) => {
    fake.setScenario({ kind: "malformed", body });
    const error = await failure(generate());
    expect(error).toMatchObject({ kind: "upstream", statusCode: 200 });
    expect(error.message).toMatch(/^Vertex AI sent a response Darkroom cannot read/);
  });

  it("rejects promptly with a timeout when the signal fires mid-request", async () => {
    fake.setScenario({ kind: "slow", delayMs: 5_000 });
    const started = Date.now();
    const error = await failure(generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(150)));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("vertex service-account credentials", () => {
  const keyFile = async (name: string, content: string) => {
    const file = path.join(keyDir, name);
    await writeFile(file, content);
    return file;
  };

  it("mints a token at the key file's token_uri and reuses it", async () => {
    const file = await keyFile("sa.json", JSON.stringify(fake.serviceAccountKey()));
    const sa = createVertexProvider({ project: fake.project, location: fake.location, baseUrl: fake.url, credentialsFile: file });
    await generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(10_000), sa);
    await generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(10_000), sa);
    const grants = fake.requests.filter((r) => r.path === "/token");
    expect(grants).toHaveLength(1);
    expect(new URLSearchParams(grants[0]!.raw).get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const token = fake.issuedTokens.at(-1)!;
    expect(fake.modelRequests().map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
  });

  it("reports a refused grant as auth", async () => {
    const file = await keyFile("refused.json", JSON.stringify(fake.serviceAccountKey()));
    fake.setTokenGrantRefused(true);
    const sa = createVertexProvider({ project: fake.project, location: fake.location, baseUrl: fake.url, credentialsFile: file });
    const error = await failure(generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(10_000), sa));
    expect(error).toMatchObject({ kind: "auth", statusCode: 400 });
    expect(error.message).toMatch(/access token.*invalid_grant: Invalid JWT Signature/);
    expect(fake.modelRequests()).toHaveLength(0);
  });

  it("reports a missing or broken key file as auth", async () => {
    const missing = createVertexProvider({ project: "p", location: "us-central1", baseUrl: fake.url, credentialsFile: path.join(keyDir, "nope.json") });
    expect(await failure(generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(10_000), missing))).toMatchObject({ kind: "auth" });
    const broken = createVertexProvider({ project: "p", location: "us-central1", baseUrl: fake.url, credentialsFile: await keyFile("broken.json", "{not json") });
    const error = await failure(generate({}, "imagen-4.0-generate-001", AbortSignal.timeout(10_000), broken));
    expect(error.message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS/);
  });
});

describe("vertexProvider factory", () => {
  const env = (vars: Record<string, string>) => parseEnv(vars);

  it("stays off without a project and a credential", () => {
    expect(vertexProvider.create(env({}))).toBeUndefined();
    expect(vertexProvider.create(env({ VERTEX_PROJECT: "p" }))).toBeUndefined();
    expect(vertexProvider.create(env({ VERTEX_ACCESS_TOKEN: "t" }))).toBeUndefined();
  });

  it("derives the host from the location, or takes VERTEX_BASE_URL", () => {
    expect(vertexProvider.create(env({ VERTEX_PROJECT: "p", VERTEX_ACCESS_TOKEN: "t" }))).toMatchObject({
      id: "vertex",
      name: "Vertex AI",
      simulated: false,
      baseUrl: "https://us-central1-aiplatform.googleapis.com",
    });
    expect(vertexProvider.create(env({ VERTEX_PROJECT: "p", VERTEX_ACCESS_TOKEN: "t", VERTEX_LOCATION: "europe-west4" }))?.baseUrl).toBe(
      "https://europe-west4-aiplatform.googleapis.com",
    );
    expect(vertexProvider.create(env({ VERTEX_PROJECT: "p", VERTEX_ACCESS_TOKEN: "t", VERTEX_LOCATION: "global" }))?.baseUrl).toBe("https://aiplatform.googleapis.com");
    expect(vertexProvider.create(env({ VERTEX_PROJECT: "p", GOOGLE_APPLICATION_CREDENTIALS: "/k.json", VERTEX_BASE_URL: "http://127.0.0.1:9/" }))?.baseUrl).toBe(
      "http://127.0.0.1:9",
    );
  });
});

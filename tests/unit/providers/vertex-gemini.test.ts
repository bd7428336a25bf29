import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { createGeminiProvider } from "@/lib/providers/gemini";
import type { FetchFn } from "@/lib/providers/shared/http";
import type { CallOptions, EditImage, Provider } from "@/lib/providers/types";
import { createVertexProvider } from "@/lib/providers/vertex";
import { startGoogleFake, type GoogleFake } from "../../fakes/google-fake";
import { callOptions, catalogOffer, providerFailure, useFake } from "../../helpers/call-options";

// Vertex AI serves Gemini's image models through generateContent with the Gemini API's body: the same
// adapter, a Bearer token instead of an API key, and Vertex's imageOutputOptions for png/jpeg.

let fake: GoogleFake;
let vertex: Provider;

const PRO = "gemini-3-pro-image";
const FLASH = "gemini-3.1-flash-image";

const generate = (model: string, overrides: Partial<CallOptions> = {}, p = vertex, signal = AbortSignal.timeout(10_000)) =>
  p.imageModel(catalogOffer(model, p.id)).doGenerate(callOptions(overrides), { signal });

const last = () => fake.modelRequests().at(-1)!;
const lastConfig = () => (last().body as { generationConfig: Record<string, unknown> }).generationConfig;

useFake(async () => (fake = await startGoogleFake()));

beforeAll(() => {
  vertex = createVertexProvider({ project: fake.project, location: fake.location, baseUrl: fake.url, accessToken: fake.accessToken });
});

describe("Vertex AI Gemini image requests", () => {
  it("sends the Gemini API's body to the regional generateContent path with a Bearer token", async () => {
    const result = await generate(PRO, { aspectRatio: "16:9", tier: "2K", width: 2752, height: 1536 });
    expect(last().path).toBe(`/v1/projects/${fake.project}/locations/${fake.location}/publishers/google/models/${PRO}:generateContent`);
    expect(last().headers.authorization).toBe(`Bearer ${fake.accessToken}`);
    expect(last().headers["x-goog-api-key"]).toBeUndefined();
    expect(last().body).toEqual({
      contents: [{ role: "user", parts: [{ text: "a lighthouse at dusk" }] }],
      generationConfig: { responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "16:9", imageSize: "2K" }, seed: 42 },
    });
    expect(result.images).toHaveLength(1);
    expect(result.images[0]).toMatchObject({ mediaType: "image/png", seed: 42 });
    expect(await sharp(result.images[0]!.bytes).metadata()).toMatchObject({ format: "png", width: 2752, height: 1536 });
    expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 1290 });
    expect(result.response.requestId).toMatch(/^resp-/);
    expect(result.providerMetadata).toMatchObject({ finishReason: "STOP", modelVersion: PRO });
    expect(result.sent).toEqual({ prompt: "a lighthouse at dusk", n: 1, size: { aspectRatio: "16:9", imageSize: "2K" }, seed: 42 });
    expect(result.warnings).toEqual([]);
  });

  it("calls the models Vertex serves only globally at the global location, whatever the configured region", async () => {
    await generate(FLASH);
    expect(last().path).toBe(`/v1/projects/${fake.project}/locations/global/publishers/google/models/${FLASH}:generateContent`);
    await generate("gemini-3.1-flash-lite-image", { aspectRatio: "21:9", width: 1584, height: 672 });
    expect(last().path).toMatch(/\/locations\/global\/publishers\/google\/models\/gemini-3\.1-flash-lite-image:generateContent$/);
    expect(lastConfig().imageConfig).toEqual({ aspectRatio: "21:9" });
    await generate("gemini-2.5-flash-image");
    expect(last().path).toMatch(new RegExp(`/locations/${fake.location}/publishers/google/models/gemini-2\\.5-flash-image:generateContent$`));
  });

  it("uses Google's global host for those models when no base URL is set", async () => {
    const urls: string[] = [];
    const record: FetchFn = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ error: { code: 503, message: "down", status: "UNAVAILABLE" } }), { status: 503, headers: { "content-type": "application/json" } });
    };
    const real = createVertexProvider({ project: "p", location: "europe-west4", accessToken: "t", fetch: record });
    await providerFailure(generate(FLASH, {}, real));
    await providerFailure(generate(PRO, {}, real));
    expect(urls).toEqual([
      `https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/${FLASH}:generateContent`,
      `https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/publishers/google/models/${PRO}:generateContent`,
    ]);
  });

  it("asks Vertex for JPEG natively through imageOutputOptions and leaves other formats to the gateway", async () => {
    const jpeg = await generate(PRO, { outputFormat: "jpeg", outputCompression: 60 });
    expect(lastConfig().imageConfig).toEqual({ aspectRatio: "1:1", imageOutputOptions: { mimeType: "image/jpeg", compressionQuality: 60 } });
    expect(jpeg.images[0]!.mediaType).toBe("image/jpeg");
    expect((await sharp(jpeg.images[0]!.bytes).metadata()).format).toBe("jpeg");
    expect(jpeg.sent).toMatchObject({ output_format: "image/jpeg", output_compression: 60 });
    const webp = await generate(PRO, { outputFormat: "webp", outputCompression: 50 });
    expect(lastConfig().imageConfig).toEqual({ aspectRatio: "1:1" });
    expect(webp.warnings).toEqual([]);
    expect(webp.sent).not.toHaveProperty("output_format");
  });

  it("never sends imageOutputOptions to the Gemini API, whose ImageConfig has none", async () => {
    const gemini = createGeminiProvider({ apiKey: fake.apiKey, baseUrl: fake.url });
    const result = await generate(PRO, { outputFormat: "jpeg", outputCompression: 60 }, gemini);
    expect(last().path).toBe(`/v1beta/models/${PRO}:generateContent`);
    expect(lastConfig().imageConfig).toEqual({ aspectRatio: "1:1" });
    expect(result.sent).not.toHaveProperty("output_format");
  });

  it("warns about what Gemini image models lack and passes unknown fields through, as on the Gemini API", async () => {
    const result = await generate(PRO, {
      seed: 3_000_000_000,
      seedExplicit: true,
      negativePrompt: "fog",
      enhancePrompt: true,
      style: "vivid",
      extra: { temperature: 0.5, safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }], responseModalities: ["TEXT"] },
    });
    expect(last().body).toEqual({
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }],
      contents: [{ role: "user", parts: [{ text: "a lighthouse at dusk" }] }],
      generationConfig: { temperature: 0.5, responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "1:1" }, seed: 3_000_000_000 - 2 ** 32 },
    });
    expect(result.images[0]!.seed).toBe(3_000_000_000);
    expect(result.warnings.map((w) => [w.type, w.param])).toEqual([
      ["unsupported", "negative_prompt"],
      ["unsupported", "enhance_prompt"],
      ["unsupported", "style"],
      ["adjusted", "responseModalities"],
    ]);
    expect(result.warnings[0]!.message).toMatch(/^Vertex AI gemini-3-pro-image has no negative prompt/);
  });

  it("edits: the prompt then each picture as inlineData, with a warning for a mask", async () => {
    const png = async (width: number, height: number): Promise<EditImage> => ({
      bytes: new Uint8Array(await sharp({ create: { width, height, channels: 3, background: "#336699" } }).png().toBuffer()),
      mediaType: "image/png",
      width,
      height,
    });
    const [main, other] = [await png(64, 64), await png(48, 32)];
    const result = await generate(PRO, { edit: { images: [main, other], mask: main, inputFidelity: undefined } });
    const parts = (last().body as { contents: { parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[] }).contents[0]!.parts;
    expect(parts[0]).toEqual({ text: "a lighthouse at dusk" });
    expect(parts.slice(1).map((p) => p.inlineData!.mimeType)).toEqual(["image/png", "image/png"]);
    expect(Buffer.from(parts[2]!.inlineData!.data, "base64").equals(Buffer.from(other.bytes))).toBe(true);
    expect(result.warnings.map((w) => w.param)).toEqual(["mask"]);
    expect(result.images).toHaveLength(1);
  });
});

describe("Vertex AI Gemini image safety", () => {
  it("maps promptFeedback.blockReason to content_policy, quoting Google's message", async () => {
    fake.setScenario({ kind: "gemini_prompt_blocked", blockReason: "PROHIBITED_CONTENT", message: "The prompt was blocked." });
    const error = await providerFailure(generate(FLASH));
    expect(error).toMatchObject({ kind: "content_policy", statusCode: 200, provider: "vertex", retryable: false });
    expect(error.message).toBe("Vertex AI blocked the prompt (PROHIBITED_CONTENT): The prompt was blocked.");
  });

  it.each(["IMAGE_SAFETY", "SAFETY", "PROHIBITED_CONTENT", "IMAGE_PROHIBITED_CONTENT"])("maps finishReason %s without an image to content_policy", async (finishReason) => {
    fake.setScenario({ kind: "gemini_no_image", finishReason, finishMessage: "Unable to show the generated image." });
    const error = await providerFailure(generate(PRO));
    expect(error).toMatchObject({ kind: "content_policy", provider: "vertex" });
    expect(error.message).toBe(`Vertex AI withheld the image (${finishReason}): Unable to show the generated image.`);
  });

  it("reports a text-only answer as upstream", async () => {
    fake.setScenario({ kind: "gemini_no_image", finishReason: "STOP", text: "Here is a description instead." });
    expect(await providerFailure(generate(PRO))).toMatchObject({ kind: "upstream", statusCode: 200 });
  });
});

describe("Vertex AI Gemini image errors", () => {
  it("maps a rejected token to auth with the token hint", async () => {
    const stale = createVertexProvider({ project: fake.project, location: fake.location, baseUrl: fake.url, accessToken: "ya29.expired" });
    const error = await providerFailure(generate(FLASH, {}, stale));
    expect(error).toMatchObject({ kind: "auth", statusCode: 401 });
    expect(error.message).toMatch(/UNAUTHENTICATED.*VERTEX_ACCESS_TOKEN/);
  });

  it("maps a region that lacks the model (404) to not_found, suggesting the global location", async () => {
    fake.setScenario({ kind: "error", status: 404, googleStatus: "NOT_FOUND", message: "Publisher Model `gemini-3-pro-image` was not found or your project does not have access to it." });
    const error = await providerFailure(generate(PRO));
    expect(error).toMatchObject({ kind: "not_found", statusCode: 404 });
    expect(error.message).toMatch(/not offered in us-central1 .*VERTEX_LOCATION=global/);
  });

  it("maps 429 RESOURCE_EXHAUSTED to rate_limit with the RetryInfo delay", async () => {
    fake.setScenario({
      kind: "error",
      status: 429,
      googleStatus: "RESOURCE_EXHAUSTED",
      message: "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",
      details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "3s" }],
    });
    expect(await providerFailure(generate(FLASH))).toMatchObject({ kind: "rate_limit", retryAfterMs: 3_000, retryable: true });
  });

  it.each([
    [503, "UNAVAILABLE", "unavailable"],
    [500, "INTERNAL", "upstream"],
    [400, "INVALID_ARGUMENT", "invalid_request"],
  ])("maps %i %s to %s", async (status, googleStatus, kind) => {
    fake.setScenario({ kind: "error", status, googleStatus, message: "Request contains an invalid argument." });
    expect(await providerFailure(generate(PRO))).toMatchObject({ kind, statusCode: status, provider: "vertex" });
  });

  it("reports a malformed 200 as upstream", async () => {
    fake.setScenario({ kind: "malformed", body: JSON.stringify({ candidates: [{ content: { parts: [{ inlineData: { mimeType: "image/png" } }] } }] }) });
    const error = await providerFailure(generate(PRO));
    expect(error).toMatchObject({ kind: "upstream", statusCode: 200 });
    expect(error.message).toMatch(/^Vertex AI sent a response Darkroom cannot read/);
  });

  it("rejects promptly with a timeout when the signal fires mid-request", async () => {
    fake.setScenario({ kind: "slow", delayMs: 5_000 });
    const started = Date.now();
    const error = await providerFailure(generate(PRO, {}, vertex, AbortSignal.timeout(150)));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("mints a service-account token and sends it to generateContent", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "darkroom-vertex-gemini-"));
    try {
      const file = path.join(dir, "sa.json");
      await writeFile(file, JSON.stringify(fake.serviceAccountKey()));
      const sa = createVertexProvider({ project: fake.project, location: "global", baseUrl: fake.url, credentialsFile: file });
      await generate(PRO, {}, sa);
      expect(last().path).toBe(`/v1/projects/${fake.project}/locations/global/publishers/google/models/${PRO}:generateContent`);
      expect(last().headers.authorization).toBe(`Bearer ${fake.issuedTokens.at(-1)}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

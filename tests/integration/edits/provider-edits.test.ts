import OpenAI, { toFile } from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-edits";
import { falErrors, startFalFake, type FalFake } from "../../fakes/fal-fake";
import { startGoogleFake, type GoogleFake } from "../../fakes/google-fake";
import { SENSITIVE_ERROR, startReplicateFake, type ReplicateFake } from "../../fakes/replicate-fake";
import { useInProcessApp } from "../../helpers/in-process";

let google: GoogleFake;
let fal: FalFake;
let replicate: ReplicateFake;
beforeAll(async () => {
  [google, fal, replicate] = await Promise.all([startGoogleFake(), startFalFake(), startReplicateFake()]);
  Object.assign(process.env, {
    GEMINI_API_KEY: google.apiKey,
    GEMINI_BASE_URL: google.url,
    FAL_KEY: fal.key,
    FAL_QUEUE_URL: fal.url,
    REPLICATE_API_TOKEN: replicate.token,
    REPLICATE_BASE_URL: replicate.url,
  });
});
afterAll(async () => {
  await Promise.all([google?.close(), fal?.close(), replicate?.close()]);
});
beforeEach(() => {
  google.setScenario({ kind: "success" });
  fal.reset();
  replicate.reset();
});

useInProcessApp({ DARKROOM_POLL_INTERVAL_MS: "20" });

const client = new OpenAI({
  baseURL: "http://127.0.0.1/v1",
  apiKey: "x",
  fetch: ((input: RequestInfo | URL, init?: RequestInit) => POST(new Request(input, init), { params: Promise.resolve({}) })) as never,
  maxRetries: 0,
});

const picture = async (width = 1024, height = 1024) =>
  toFile(await sharp({ create: { width, height, channels: 3, background: "#446688" } }).png().toBuffer(), "in.png");
const darkroomOf = (result: unknown) => (result as { darkroom: { provider: string; simulated: boolean; warnings: { param: string }[] } }).darkroom;

describe("Gemini image models edit with inline image parts", () => {
  it("sends the prompt then each picture as inlineData", async () => {
    const result = await client.images.edit({ model: "gemini/gemini-2.5-flash-image", image: [await picture(), await picture(800, 600)], prompt: "add a moon" });
    expect(darkroomOf(result)).toMatchObject({ provider: "gemini", simulated: false });
    const request = google.requests.find((r) => r.path.endsWith(":generateContent"))!;
    const parts = (request.body as { contents: { parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[] }).contents[0]!.parts;
    expect(parts[0]).toEqual({ text: "add a moon" });
    expect(parts.slice(1).map((p) => p.inlineData!.mimeType)).toEqual(["image/png", "image/png"]);
    expect((await sharp(Buffer.from(parts[2]!.inlineData!.data, "base64")).metadata()).width).toBe(800);
  });

  it("answers Gemini's image safety refusal as content_policy_violation, and a 429 as a 429", async () => {
    google.setScenario({ kind: "gemini_no_image", finishReason: "IMAGE_SAFETY" });
    await expect(client.images.edit({ model: "gemini/gemini-2.5-flash-image", image: await picture(), prompt: "x" })).rejects.toMatchObject({ status: 400, error: { code: "content_policy_violation" } });
    google.setScenario({ kind: "error", status: 429, googleStatus: "RESOURCE_EXHAUSTED", message: "Resource exhausted." });
    await expect(client.images.edit({ model: "gemini/gemini-2.5-flash-image", image: await picture(), prompt: "x" })).rejects.toMatchObject({ status: 429 });
  });

  it("refuses more pictures than the model takes", async () => {
    const images = await Promise.all(Array.from({ length: 4 }, () => picture(64, 64)));
    await expect(client.images.edit({ model: "gemini/gemini-2.5-flash-image", image: images, prompt: "x" })).rejects.toMatchObject({ status: 400, error: { code: "too_many_images", param: "image" } });
  });
});

describe("FLUX.1 Kontext edits on fal", () => {
  it("submits to the edit endpoint with image_url as a data URI", async () => {
    const result = await client.images.edit({ model: "fal/flux-kontext-pro", image: await picture(), prompt: "make it snow" });
    expect(darkroomOf(result).provider).toBe("fal");
    const submit = fal.requests.find((r) => r.method === "POST")!;
    expect(submit.path).toBe("/fal-ai/flux-pro/kontext");
    const body = submit.body as Record<string, unknown>;
    expect(body.image_url).toMatch(/^data:image\/png;base64,/);
    expect(body).toMatchObject({ prompt: "make it snow", aspect_ratio: "1:1", num_images: 1 });
  });

  it("answers fal's content checker as content_policy_violation, and refuses a mask up front", async () => {
    fal.setScenario({ resultError: falErrors.contentPolicy });
    await expect(client.images.edit({ model: "fal/flux-kontext-pro", image: await picture(), prompt: "x" })).rejects.toMatchObject({ status: 400, error: { code: "content_policy_violation" } });
    const mask = await toFile(await sharp({ create: { width: 1024, height: 1024, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer(), "m.png");
    const before = fal.requests.length;
    await expect(client.images.edit({ model: "fal/flux-kontext-pro", image: await picture(), mask, prompt: "x" })).rejects.toMatchObject({ status: 400, error: { code: "mask_not_supported", param: "mask" } });
    expect(fal.requests.length).toBe(before);
  });
});

describe("FLUX.1 Kontext edits on Replicate", () => {
  it("creates a prediction with input.input_image as a data URI", async () => {
    const result = await client.images.edit({ model: "replicate/flux-kontext-pro", image: await picture(1248, 832), prompt: "a red door" });
    expect(darkroomOf(result).provider).toBe("replicate");
    const create = replicate.requests.find((r) => r.method === "POST" && r.path.endsWith("/predictions"))!;
    expect(create.path).toBe("/v1/models/black-forest-labs/flux-kontext-pro/predictions");
    const input = (create.body as { input: Record<string, unknown> }).input;
    expect(input.input_image).toMatch(/^data:image\/png;base64,/);
    expect(input).toMatchObject({ prompt: "a red door", aspect_ratio: "3:2" });
    expect(result.size).toBe("1248x832");
  });

  it("uploads a picture too large to inline through the Files API and names its URL", async () => {
    const side = 1700;
    const noise = Buffer.alloc(side * side * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const big = await sharp(noise, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(big.byteLength).toBeGreaterThan(7_600_000);
    await client.images.edit({ model: "replicate/flux-kontext-pro", image: await toFile(big, "big.png"), prompt: "big" });
    const upload = replicate.requests.find((r) => r.method === "POST" && r.path === "/v1/files")!;
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data/);
    const [id, file] = [...replicate.uploads.entries()].at(-1)!;
    expect(file.bytes.equals(big)).toBe(true);
    const create = replicate.requests.find((r) => r.method === "POST" && r.path.endsWith("/predictions"))!;
    expect((create.body as { input: { input_image: string } }).input.input_image).toBe(`${replicate.url}/v1/files/${id}`);
  });

  it("answers a prediction flagged as sensitive as content_policy_violation", async () => {
    replicate.setScenario({ outcome: "failed", error: SENSITIVE_ERROR });
    await expect(client.images.edit({ model: "replicate/flux-kontext-pro", image: await picture(), prompt: "x" })).rejects.toMatchObject({ status: 400, error: { code: "content_policy_violation" } });
  });

  it("falls back from a failing fal to Replicate for an unpinned edit", async () => {
    fal.setScenario({ submitError: falErrors.runnerUnavailable });
    const result = await client.images.edit({ model: "flux-kontext-pro", image: await picture(), prompt: "fallback", provider_order: ["fal", "replicate"] } as never);
    const darkroom = darkroomOf(result) as unknown as { provider: string; attempts: { provider: string; status: string }[] };
    expect(darkroom.provider).toBe("replicate");
    expect(darkroom.attempts.map((a) => [a.provider, a.status])).toEqual(expect.arrayContaining([["fal", "failed"], ["replicate", "succeeded"]]));
  });
});

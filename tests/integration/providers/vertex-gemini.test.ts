import OpenAI, { toFile } from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as edits } from "@/lib/api/routes/images-edits";
import { POST as generations } from "@/lib/api/routes/images-generations";
import { startGoogleFake, type GoogleFake } from "../../fakes/google-fake";
import { useInProcessApp } from "../../helpers/in-process";

// Two Google fakes, one per provider, so each can fail on its own: the Gemini API and Vertex AI serve the
// same Gemini image models, and the router treats them as two offers of one model.

interface Quote {
  provider: string;
  configured: boolean;
  eligible: boolean;
  price_per_image_usd: number | null;
  estimated_cost_usd: number;
  price_verified: boolean;
}
interface Darkroom {
  provider: string;
  seeds: (number | null)[];
  attempts: { provider: string; status: string }[];
  ledger: { param: string; sent: unknown }[];
}

let gemini: GoogleFake;
let vertex: GoogleFake;
beforeAll(async () => {
  [gemini, vertex] = await Promise.all([startGoogleFake(), startGoogleFake({ project: "darkroom-it", location: "europe-west4" })]);
  Object.assign(process.env, {
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
    VERTEX_PROJECT: vertex.project,
    VERTEX_LOCATION: vertex.location,
    VERTEX_BASE_URL: vertex.url,
    VERTEX_ACCESS_TOKEN: vertex.accessToken,
  });
});
afterAll(async () => {
  await Promise.all([gemini?.close(), vertex?.close()]);
});
beforeEach(() => {
  gemini.reset();
  vertex.reset();
});

useInProcessApp({ DARKROOM_SIMULATOR: "off" });

const post = async (query: string, body: Record<string, unknown>) => {
  const res = await generations(
    new Request(`http://127.0.0.1/v1/images/generations${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt: "a lighthouse at dusk", ...body }) }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

const client = new OpenAI({
  baseURL: "http://127.0.0.1/v1",
  apiKey: "x",
  fetch: ((input: RequestInfo | URL, init?: RequestInit) => edits(new Request(input, init), { params: Promise.resolve({}) })) as never,
  maxRetries: 0,
});
const picture = async () => toFile(await sharp({ create: { width: 640, height: 480, channels: 3, background: "#446688" } }).png().toBuffer(), "in.png");

describe("dry run with Vertex AI configured", () => {
  it.each(["gemini-3.1-flash-image", "gemini-3-pro-image", "gemini-3.1-flash-lite-image", "gemini-2.5-flash-image"])("lists the Vertex AI offer of %s, configured and eligible", async (model) => {
    const { status, body } = await post("?dryRun=true", { model, n: 2 });
    expect(status).toBe(200);
    const quotes = body.providers as Quote[];
    const [geminiQuote, vertexQuote] = ["gemini", "vertex"].map((p) => quotes.find((q) => q.provider === p)!);
    expect(vertexQuote).toMatchObject({ configured: true, eligible: true, price_verified: false });
    expect(vertexQuote!.price_per_image_usd).toBe(geminiQuote!.price_per_image_usd);
    expect(vertexQuote!.estimated_cost_usd).toBeCloseTo(2 * vertexQuote!.price_per_image_usd!, 6);
    expect(vertex.requests).toHaveLength(0);
  });

  it("quotes a pinned Vertex AI edit", async () => {
    const form = new FormData();
    form.append("model", "vertex/gemini-3-pro-image");
    form.append("prompt", "add a moon");
    form.append("image", new Blob([new Uint8Array(await sharp({ create: { width: 64, height: 64, channels: 3, background: "#123456" } }).png().toBuffer())], { type: "image/png" }), "in.png");
    const res = await edits(new Request("http://127.0.0.1/v1/images/edits?dryRun=true", { method: "POST", body: form }), { params: Promise.resolve({}) });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ dry_run: true, provider: "vertex", estimated_cost_usd: 0.134 });
  });
});

describe("Vertex AI Gemini image generation end to end", () => {
  it("generates a pinned global-only model at the global location, at Gemini 3's native size", async () => {
    const { status, body } = await post("", { model: "vertex/gemini-3.1-flash-image", size: "16:9", seed: 7, response_format: "b64_json" });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.size).toBe("1376x768");
    const meta = await sharp(Buffer.from(body.data[0].b64_json, "base64")).metadata();
    expect(`${meta.width}x${meta.height}`).toBe("1376x768");
    const darkroom = body.darkroom as Darkroom;
    expect(darkroom.provider).toBe("vertex");
    expect(darkroom.seeds).toEqual([7]);
    expect(vertex.modelRequests()[0]!.path).toBe("/v1/projects/darkroom-it/locations/global/publishers/google/models/gemini-3.1-flash-image:generateContent");
    expect(vertex.modelRequests()[0]!.headers.authorization).toBe(`Bearer ${vertex.accessToken}`);
    expect(gemini.requests).toHaveLength(0);
  });

  it("asks Vertex for JPEG natively and records it in the ledger", async () => {
    const { status, body } = await post("", { model: "vertex/gemini-3-pro-image", size: "2048x2048", output_format: "jpeg", response_format: "b64_json" });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(await sharp(Buffer.from(body.data[0].b64_json, "base64")).metadata()).toMatchObject({ format: "jpeg", width: 2048, height: 2048 });
    const config = (vertex.modelRequests()[0]!.body as { generationConfig: { imageConfig: unknown } }).generationConfig;
    expect(config.imageConfig).toEqual({ aspectRatio: "1:1", imageSize: "2K", imageOutputOptions: { mimeType: "image/jpeg" } });
    expect(vertex.modelRequests()[0]!.path).toMatch(/\/locations\/europe-west4\//);
    expect((body.darkroom as Darkroom).ledger.find((row) => row.param === "output_format")?.sent).toBe("image/jpeg");
  });

  it("falls back from the Gemini API to Vertex AI for the same model", async () => {
    gemini.setScenario({ kind: "error", status: 503, googleStatus: "UNAVAILABLE", message: "The model is overloaded. Please try again later." });
    const { status, body } = await post("", { model: "gemini-3-pro-image" });
    expect(status, JSON.stringify(body)).toBe(200);
    const darkroom = body.darkroom as Darkroom;
    expect(darkroom.provider).toBe("vertex");
    expect(darkroom.attempts.at(-1)).toMatchObject({ provider: "vertex", status: "succeeded" });
    expect(darkroom.attempts.some((a) => a.provider === "gemini" && a.status !== "succeeded")).toBe(true);
  });

  it("answers a Vertex safety block as 400 content_policy_violation, and a 429 as a 429", async () => {
    vertex.setScenario({ kind: "gemini_no_image", finishReason: "IMAGE_SAFETY", finishMessage: "Unable to show the generated image." });
    const blocked = await post("", { model: "vertex/gemini-3-pro-image" });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error).toMatchObject({ code: "content_policy_violation", type: "invalid_request_error" });
    expect(blocked.body.error.message).toMatch(/Vertex AI withheld the image \(IMAGE_SAFETY\)/);
    vertex.setScenario({ kind: "gemini_prompt_blocked", blockReason: "PROHIBITED_CONTENT" });
    expect((await post("", { model: "vertex/gemini-3-pro-image" })).status).toBe(400);
    vertex.setScenario({ kind: "error", status: 429, googleStatus: "RESOURCE_EXHAUSTED", message: "Resource exhausted. Please try again later." });
    expect((await post("", { model: "vertex/gemini-3.1-flash-image" })).status).toBe(429);
  });
});

describe("Vertex AI Gemini image edits end to end", () => {
  it("edits through Vertex with the picture as inlineData", async () => {
    const result = await client.images.edit({ model: "vertex/gemini-3-pro-image", image: await picture(), prompt: "add a moon" });
    expect((result as unknown as { darkroom: Darkroom }).darkroom.provider).toBe("vertex");
    const request = vertex.modelRequests().find((r) => r.path.endsWith(":generateContent"))!;
    const parts = (request.body as { contents: { parts: { text?: string; inlineData?: { mimeType: string } }[] }[] }).contents[0]!.parts;
    expect(parts[0]).toEqual({ text: "add a moon" });
    expect(parts[1]!.inlineData!.mimeType).toBe("image/png");
  });

  it("answers a refused edit as content_policy_violation", async () => {
    vertex.setScenario({ kind: "gemini_prompt_blocked", blockReason: "SAFETY" });
    await expect(client.images.edit({ model: "vertex/gemini-3.1-flash-image", image: await picture(), prompt: "x" })).rejects.toMatchObject({ status: 400, error: { code: "content_policy_violation" } });
  });
});

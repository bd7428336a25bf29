import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleFake, type GoogleFake } from "../../fakes/google-fake";
import { startApp, type RunningApp } from "../../helpers/app";

interface GenerationBody {
  data: { url?: string; b64_json?: string }[];
  size: string;
  darkroom: { provider: string; seeds: (number | null)[]; attempts: { provider: string; status: string }[]; warnings: { param?: string }[] };
}

let fake: GoogleFake;
let app: RunningApp;

const generate = (body: Record<string, unknown>) =>
  fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: "a lighthouse at dusk", model: "gemini/gemini-2.5-flash-image", ...body }),
  });

beforeAll(async () => {
  fake = await startGoogleFake();
  app = await startApp({ GEMINI_API_KEY: fake.apiKey, GEMINI_BASE_URL: fake.url });
});

afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

beforeEach(() => fake.reset());

describe("gemini end to end", () => {
  it("generates with gemini-2.5-flash-image and serves the image by URL", async () => {
    const response = await generate({ size: "16:9", seed: 77 });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("gemini");
    const body = JSON.parse(text) as GenerationBody;
    expect(body.size).toBe("1344x768");
    const image = await fetch(body.data[0]!.url!);
    expect(image.status).toBe(200);
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect(`${meta.width}x${meta.height}`).toBe(body.size);
    expect(body.darkroom.seeds).toEqual([77]);
    expect(body.darkroom.attempts).toEqual([expect.objectContaining({ provider: "gemini", status: "succeeded" })]);
    expect(fake.modelRequests()[0]!.body).toMatchObject({ generationConfig: { imageConfig: { aspectRatio: "16:9" }, seed: 77 } });
  });

  it("emulates n=2 for the flash model with two calls, and returns base64", async () => {
    const response = await generate({ n: 2, response_format: "b64_json" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerationBody;
    expect(body.data).toHaveLength(2);
    expect(body.size).toBe("1024x1024");
    expect(fake.modelRequests()).toHaveLength(2);
    expect(body.darkroom.attempts).toHaveLength(2);
  });

  it("generates Imagen 4 Fast through :predict and warns about an explicit seed", async () => {
    const response = await generate({ model: "gemini/imagen-4.0-fast-generate-001", n: 3, seed: 5, size: "768x1365", response_format: "b64_json" });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const body = JSON.parse(text) as GenerationBody;
    expect(body.size).toBe("768x1408");
    expect(body.data).toHaveLength(3);
    const meta = await sharp(Buffer.from(body.data[2]!.b64_json!, "base64")).metadata();
    expect(`${meta.width}x${meta.height}`).toBe("768x1408");
    expect(body.darkroom.warnings.some((w) => w.param === "seed")).toBe(true);
    expect(fake.modelRequests()[0]!.path).toBe("/v1beta/models/imagen-4.0-fast-generate-001:predict");
  });

  it("answers 400 content_policy_violation when the image is withheld", async () => {
    fake.setScenario({ kind: "gemini_no_image", finishReason: "IMAGE_SAFETY" });
    const response = await generate({});
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "content_policy_violation", type: "invalid_request_error" });
  });

  it("answers 503 in the OpenAI error shape when the Gemini API is overloaded", async () => {
    fake.setScenario({ kind: "error", status: 503, googleStatus: "UNAVAILABLE", message: "The model is overloaded. Please try again later." });
    const response = await generate({});
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.error).toEqual(expect.objectContaining({ message: expect.stringContaining("overloaded"), type: "service_unavailable", code: "provider_unavailable" }));
  });
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleFake, type GoogleFake } from "../../fakes/google-fake";
import { startApp, type RunningApp } from "../../helpers/app";

interface GenerationBody {
  data: { url?: string; b64_json?: string; revised_prompt?: string }[];
  size: string;
  darkroom: { provider: string; seeds: (number | null)[]; attempts: { provider: string; status: string }[]; ledger: { param: string; sent: unknown }[] };
}

let fake: GoogleFake;
let app: RunningApp;
let keyDir: string;

const generate = (body: Record<string, unknown>) =>
  fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: "a lighthouse at dusk", model: "vertex/imagen-4.0-generate-001", ...body }),
  });

beforeAll(async () => {
  fake = await startGoogleFake({ project: "darkroom-it", location: "europe-west4" });
  keyDir = await mkdtemp(path.join(tmpdir(), "darkroom-vertex-it-"));
  const keyFile = path.join(keyDir, "service-account.json");
  await writeFile(keyFile, JSON.stringify(fake.serviceAccountKey()));
  // The real service-account flow: the app mints its token at the fake's token_uri.
  app = await startApp({
    VERTEX_PROJECT: fake.project,
    VERTEX_LOCATION: fake.location,
    VERTEX_BASE_URL: fake.url,
    GOOGLE_APPLICATION_CREDENTIALS: keyFile,
  });
});

afterAll(async () => {
  await app?.dispose();
  await fake?.close();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

beforeEach(() => fake.reset());

describe("vertex end to end", () => {
  it("generates base64 images through Vertex AI at Imagen's native size", async () => {
    const response = await generate({ size: "1365x768", n: 2, seed: 1234, response_format: "b64_json", enhance_prompt: true });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("vertex");
    const body = JSON.parse(text) as GenerationBody;
    expect(body.size).toBe("1408x768");
    expect(body.data).toHaveLength(2);
    const meta = await sharp(Buffer.from(body.data[0]!.b64_json!, "base64")).metadata();
    expect(`${meta.width}x${meta.height}`).toBe(body.size);
    expect(body.data[0]!.revised_prompt).toBe("Enhanced: a lighthouse at dusk");
    expect(body.darkroom.seeds).toEqual([1234, 1235]);
    expect(body.darkroom.attempts).toEqual([expect.objectContaining({ provider: "vertex", status: "succeeded" })]);

    const request = fake.modelRequests()[0]!;
    expect(request.path).toBe("/v1/projects/darkroom-it/locations/europe-west4/publishers/google/models/imagen-4.0-generate-001:predict");
    expect(request.headers.authorization).toBe(`Bearer ${fake.issuedTokens.at(-1)}`);
    expect((request.body as { parameters: unknown }).parameters).toMatchObject({ sampleCount: 2, aspectRatio: "16:9", sampleImageSize: "1K", seed: 1234, addWatermark: false, enhancePrompt: true });
  });

  it("serves a downloadable URL for a 2K image", async () => {
    const response = await generate({ size: "2048x2048", output_format: "jpeg" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("2048x2048");
    const image = await fetch(body.data[0]!.url!);
    expect(image.status).toBe(200);
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 2048, height: 2048 });
    expect((fake.modelRequests()[0]!.body as { parameters: { outputOptions: unknown } }).parameters.outputOptions).toEqual({ mimeType: "image/jpeg" });
  });

  it("answers 400 content_policy_violation when Imagen blocks the prompt", async () => {
    fake.setScenario({ kind: "prompt_blocked" });
    const response = await generate({});
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(body.error).toMatchObject({ code: "content_policy_violation", type: "invalid_request_error" });
    expect(body.error.message).toMatch(/Responsible AI/);
  });

  it("answers 400 content_policy_violation when every image was filtered", async () => {
    fake.setScenario({ kind: "filtered", keep: 0, withReasons: false });
    const response = await generate({ n: 2 });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("content_policy_violation");
  });

  it.each([
    [503, "UNAVAILABLE", 503],
    [500, "INTERNAL", 502],
  ])("turns an upstream %i %s into %i in the OpenAI error shape", async (status, googleStatus, expected) => {
    fake.setScenario({ kind: "error", status, googleStatus, message: "The service is currently unavailable." });
    const response = await generate({});
    expect(response.status).toBe(expected);
    const body = await response.json();
    expect(body.error).toEqual(expect.objectContaining({ message: expect.stringContaining("Vertex AI answered"), type: expect.any(String), code: expect.any(String) }));
  });
});

import OpenAI from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";

interface DarkroomExtras {
  darkroom: {
    id: string;
    provider: string;
    provider_name: string;
    simulated: boolean;
    seeds: (number | null)[];
    cost_usd: number;
    warnings: { param?: string; message: string }[];
    ledger: { param: string; requested: unknown; sent: unknown; handling: string }[];
    attempts: { provider: string; status: string }[];
    images: { url: string; width: number; height: number; format: string }[];
  };
  size: string;
}

let app: RunningApp;
let client: OpenAI;

const generate = (params: Record<string, unknown>) =>
  client.images.generate({ prompt: "a lighthouse at dusk", ...params } as never) as unknown as Promise<OpenAI.ImagesResponse & DarkroomExtras>;

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  gif: (b) => b.subarray(0, 4).toString("latin1") === "GIF8",
  webp: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  avif: (b) => b.subarray(4, 8).toString("latin1") === "ftyp" && b.subarray(8, 12).toString("latin1") === "avif",
};

async function fetchBytes(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  // These tests were written against the Imagen 4 default (its sizes are asserted below).
  app = await startApp({ DARKROOM_DEFAULT_MODEL: "imagen-4.0-generate-001" });
  client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: "not-needed-locally", maxRetries: 0 });
});

afterAll(async () => {
  await app?.dispose();
});

describe("POST /v1/images/generations with the official openai package", () => {
  it("returns a durable URL by default, served by the gateway, labelled as simulated", async () => {
    const result = await generate({ model: "imagen-4.0-generate-001", size: "1365x768" });
    expect(result.data).toHaveLength(1);
    const url = result.data![0]!.url!;
    expect(url.startsWith(`${app.url}/images/`)).toBe(true);
    expect(result.size).toBe("1408x768");
    const bytes = await fetchBytes(url);
    expect(MAGIC.png!(bytes)).toBe(true);
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 1408, height: 768 });
    expect(result.darkroom).toMatchObject({ provider: "local", provider_name: "Local simulator", simulated: true, cost_usd: 0 });
    expect(result.darkroom.attempts).toEqual([expect.objectContaining({ provider: "local", status: "succeeded" })]);
  });

  it("returns base64 with response_format b64_json", async () => {
    const result = await generate({ model: "flux-dev", response_format: "b64_json", size: "1024x768" });
    const bytes = Buffer.from(result.data![0]!.b64_json!, "base64");
    expect(MAGIC.png!(bytes)).toBe(true);
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 1024, height: 768 });
    expect(result.size).toBe("1024x768");
  });

  it.each(["png", "jpeg", "gif", "webp", "avif"])("delivers output_format %s (magic bytes and reported size)", async (format) => {
    const result = await generate({ model: "flux-schnell", output_format: format, size: "1024x576", response_format: "b64_json" });
    const bytes = Buffer.from(result.data![0]!.b64_json!, "base64");
    expect(MAGIC[format]!(bytes)).toBe(true);
    const meta = await sharp(bytes).metadata();
    expect(`${meta.width}x${meta.height}`).toBe(result.size);
    expect(result.size).toBe("1024x576");
  });

  it("keeps the original format for avif beyond 1600 px, with a warning", async () => {
    const result = await generate({ model: "imagen-4.0-generate-001", size: "2048x2048", output_format: "avif", response_format: "b64_json" });
    expect(MAGIC.png!(Buffer.from(result.data![0]!.b64_json!, "base64"))).toBe(true);
    expect(result.darkroom.warnings.some((w) => w.param === "output_format")).toBe(true);
  });

  it("makes n=4 images with consecutive seeds", async () => {
    const result = await generate({ model: "imagen-4.0-fast-generate-001", n: 4, seed: 1000 });
    expect(result.data).toHaveLength(4);
    expect(result.darkroom.seeds).toEqual([1000, 1001, 1002, 1003]);
    const bodies = await Promise.all(result.data!.map((d) => fetchBytes(d.url!)));
    expect(new Set(bodies.map((b) => b.toString("base64"))).size).toBe(4);
  });

  it("reproduces a seed byte for byte, and another seed differs", async () => {
    const params = { model: "imagen-4.0-generate-001", seed: 424242, response_format: "b64_json" };
    const [a, b, c] = await Promise.all([generate(params), generate(params), generate({ ...params, seed: 424243 })]);
    expect(a.data![0]!.b64_json).toBe(b.data![0]!.b64_json);
    expect(a.data![0]!.b64_json).not.toBe(c.data![0]!.b64_json);
  });

  it("returns a drawn seed when none is given, and that seed reproduces the image", async () => {
    const first = await generate({ model: "flux-dev", response_format: "b64_json" });
    const seed = first.darkroom.seeds[0];
    expect(typeof seed).toBe("number");
    const again = await generate({ model: "flux-dev", response_format: "b64_json", seed });
    expect(again.data![0]!.b64_json).toBe(first.data![0]!.b64_json);
  });

  it("reports the parameter ledger and response headers", async () => {
    const response = await post("/v1/images/generations", { prompt: "ledger", size: "16:9", output_format: "webp", style_preset: "noir" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("local");
    expect(response.headers.get("x-darkroom-model")).toBe("imagen-4.0-generate-001");
    expect(response.headers.get("x-darkroom-request-id")).toMatch(/^req_/);
    const body = (await response.json()) as DarkroomExtras;
    const ledger = Object.fromEntries(body.darkroom.ledger.map((e) => [e.param, e]));
    expect(ledger.size).toMatchObject({ requested: { size: "16:9" }, handling: "converted" });
    expect(ledger.output_format).toMatchObject({ requested: "webp", handling: "emulated" });
    expect(ledger.style_preset).toMatchObject({ requested: "noir", sent: "noir", handling: "passthrough" });
  });

  it("serves the same handlers under /openai/v1", async () => {
    const openaiMount = new OpenAI({ baseURL: `${app.url}/openai/v1`, apiKey: "x", maxRetries: 0 });
    const result = (await openaiMount.images.generate({ prompt: "mount", model: "gpt-image-1-mini" } as never)) as unknown as DarkroomExtras;
    expect(result.size).toBe("1024x1024");
    const models = await openaiMount.models.list();
    expect(models.data.length).toBeGreaterThanOrEqual(8);
  });
});

describe("dry run", () => {
  it("estimates the chosen provider and every provider without generating", async () => {
    const response = await post("/v1/images/generations?dryRun=true", { prompt: "x", model: "imagen-4.0-generate-001", n: 3, size: "2048x2048" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ dry_run: true, provider: "local", estimated_cost_usd: 0, n: 3, size: "2048x2048" });
    const vertex = body.providers.find((p: { provider: string }) => p.provider === "vertex");
    expect(vertex).toMatchObject({ configured: false, price_per_image_usd: 0.04, estimated_cost_usd: 0.12 });
  });
});

describe("models", () => {
  it("lists the catalog in OpenAI's list shape with status and providers", async () => {
    const models = await client.models.list();
    const ids = models.data.map((m) => m.id);
    for (const id of ["imagen-4.0-generate-001", "imagen-4.0-fast-generate-001", "imagen-4.0-ultra-generate-001", "gpt-image-1", "gpt-image-1-mini", "flux-dev", "flux-schnell", "gemini-2.5-flash-image"]) {
      expect(ids).toContain(id);
    }
    const imagen = models.data.find((m) => m.id === "imagen-4.0-generate-001") as unknown as { status: string; providers: { key: string }[] };
    expect(imagen.status).toBe("deprecated");
    expect(imagen.providers.map((p) => p.key)).toEqual(
      expect.arrayContaining(["vertex/imagen-4.0-generate-001", "gemini/imagen-4.0-generate-001", "fal/imagen-4.0-generate-001", "replicate/imagen-4.0-generate-001", "aimlapi/imagen-4.0-generate-001", "apiframe/imagen-4.0-generate-001", "local/imagen-4.0-generate-001"]),
    );
  });

  it("returns one model and its parameter schema with badges per provider", async () => {
    const response = await fetch(`${app.url}/v1/models/imagen-4.0-generate-001?schema=true`);
    expect(response.status).toBe(200);
    const body = await response.json();
    const params = Object.fromEntries(body.schema.parameters.map((p: { name: string }) => [p.name, p]));
    expect(params.size.enum).toEqual(expect.arrayContaining(["1024x1024", "1183x887", "2731x1536"]));
    expect(params.negative_prompt.providers.vertex.handling).toBe("renamed");
    expect(params.negative_prompt.providers.gemini.handling).toBe("unsupported");
    expect(params.response_format.providers.fal.handling).toBe("emulated");
    expect(params.prompt.required).toBe(true);
  });

  it("answers 404 with a suggestion for an unknown model", async () => {
    const response = await fetch(`${app.url}/v1/models/flux-devv`);
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error).toMatchObject({ type: "not_found_error", code: "model_not_found", param: "model" });
    expect(body.error.message).toContain("flux-dev");
  });

  it("lists providers without secrets", async () => {
    const body = await (await fetch(`${app.url}/v1/providers`)).json();
    const local = body.data.find((p: { id: string }) => p.id === "local");
    expect(local).toMatchObject({ name: "Local simulator", configured: true, simulated: true });
    expect(body.data.find((p: { id: string }) => p.id === "vertex")).toMatchObject({ configured: false });
  });
});

describe("bad input gets a 4xx in the OpenAI error shape", () => {
  it.each([
    [{}, 400, "prompt"],
    [{ prompt: "" }, 400, "prompt"],
    [{ prompt: "x", n: 20 }, 400, "n"],
    [{ prompt: "x", seed: -5 }, 400, "seed"],
    [{ prompt: "x", size: "huge" }, 400, "size"],
    [{ prompt: "x", output_format: "tiff" }, 400, "output_format"],
    [{ prompt: "x", response_format: "file" }, 400, "response_format"],
    [{ prompt: "x", thinking: "high" }, 400, "thinking"],
    [{ prompt: "x", model: "dall-e-9" }, 404, "model"],
  ])("%j → %i naming %s", async (body, status, param) => {
    const response = await post("/v1/images/generations", body);
    expect(response.status).toBe(status);
    const json = await response.json();
    expect(json.error).toMatchObject({ param, message: expect.any(String), type: expect.any(String) });
    expect(Object.keys(json.error)).toEqual(expect.arrayContaining(["message", "type", "param", "code"]));
  });

  it("the SDK surfaces the error with status, code and param", async () => {
    const error = await generate({ prompt: "", model: "flux-dev" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: "prompt" });
  });

  it("rejects malformed JSON with 400 and an oversized body with 413", async () => {
    const malformed = await post("/v1/images/generations", "{not json");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    const huge = await post("/v1/images/generations", JSON.stringify({ prompt: "x".repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("request_too_large");
  });

  it("answers 404 in the OpenAI shape for a missing image", async () => {
    const response = await fetch(`${app.url}/images/img_doesnotexist.png`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("image_not_found");
  });
});

describe("persistence", () => {
  it("keeps image URLs working across a restart", async () => {
    const result = await generate({ model: "gemini-2.5-flash-image", size: "21:9", seed: 99 });
    const url = result.data![0]!.url!;
    const before = await fetchBytes(url);
    await app.restart();
    const after = await fetchBytes(url);
    expect(after.equals(before)).toBe(true);
    expect(await sharp(after).metadata()).toMatchObject({ width: 1536, height: 672 });
    const converted = await fetchBytes(url.replace(/\.png$/, ".webp"));
    expect(MAGIC.webp!(converted)).toBe(true);
  });
});

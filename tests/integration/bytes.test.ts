// In-process: the generation service end to end (router, storage, embedded database) with scripted
// providers whose answers carry corrupt images; no app server needed.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusOf } from "@/lib/api/errors";
import { resetEnvForTests } from "@/lib/config/env";
import { GatewayError } from "@/lib/generation/errors";
import type { GeneratedImage, Provider } from "@/lib/providers/types";
import { serverContext } from "@/lib/server/context";
import { generate } from "@/lib/services/generate";
import { imagesBody } from "@/lib/api/images-body";
import { LocalStorage } from "@/lib/storage/local-storage";

const MODEL = "imagen-4.0-generate-001";
let dir: string;
const answers = new Map<string, (n: number) => Promise<GeneratedImage[]>>();

const solid = async (shade: number): Promise<GeneratedImage> => ({
  bytes: await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: shade, g: 40, b: 90 } } }).png().toBuffer(),
  mediaType: "image/png",
});
const corrupt = async (): Promise<GeneratedImage> => {
  const { bytes } = await solid(1);
  return { bytes: bytes.subarray(0, bytes.length - 40), mediaType: "image/png" };
};

function scripted(id: string): Provider {
  return {
    id,
    name: id,
    simulated: false,
    imageModel: (offer) => ({
      provider: id,
      modelId: offer.providerModelId,
      maxImagesPerCall: offer.maxImagesPerCall,
      doGenerate: async (options) => ({ images: await answers.get(id)!(options.n), warnings: [], sent: {}, response: { status: 200 } }),
    }),
  };
}

async function originals(): Promise<string[]> {
  const files = await readdir(path.join(dir, "images"), { recursive: true }).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith(".png"));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "darkroom-bytes-"));
  Object.assign(process.env, { DARKROOM_DATA_DIR: dir, DARKROOM_SIMULATOR: "off", DARKROOM_RETRY_BASE_MS: "1", DARKROOM_PROVIDERS_FILE: path.join(dir, "none.json") });
  resetEnvForTests();
  const ctx = serverContext();
  const providers = new Map(["vertex", "fal"].map((id) => [id, scripted(id)]));
  Object.assign(ctx, { storage: new LocalStorage(path.join(dir, "images")) });
  Object.assign(ctx.registry, { providers, servesUnpinned: (p: string) => providers.has(p) });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("upstream bytes are verified before they are stored or billed", () => {
  it("n=4 with one corrupt image: the three good ones are kept, stored and billed; the bad one is listed", async () => {
    answers.set("fal", async () => [await solid(10), await corrupt(), await solid(30), await solid(40)]);
    const body = imagesBody((await generate({ body: { model: `fal/${MODEL}`, prompt: "four", n: 4 }, source: "api" })).generation);
    expect(body.darkroom.status).toBe("partial");
    expect(body.data).toHaveLength(3);
    expect(body.darkroom.errors).toEqual([expect.objectContaining({ provider: "fal", kind: "upstream" })]);
    const [attempt] = body.darkroom.attempts;
    expect(attempt).toMatchObject({ status: "succeeded", images: 3 });
    expect(body.darkroom.cost_usd).toBeCloseTo(0.04 * 3, 6);
    expect(await originals()).toHaveLength(3);
  });

  it("a call whose only image is corrupt fails as upstream, unbilled, and the next provider serves", async () => {
    answers.set("vertex", async () => [await corrupt()]);
    answers.set("fal", async () => [await solid(50)]);
    const before = (await originals()).length;
    const body = imagesBody((await generate({ body: { model: MODEL, prompt: "fallback", provider_order: ["vertex", "fal"] }, source: "api" })).generation);
    expect(body.darkroom.provider).toBe("fal");
    const vertex = body.darkroom.attempts.filter((a) => a.provider === "vertex");
    expect(vertex.length).toBeGreaterThan(0);
    expect(vertex.every((a) => a.error_kind === "upstream" && a.cost_usd === 0)).toBe(true);
    expect(body.darkroom.cost_usd).toBeCloseTo(0.04, 6);
    expect((await originals()).length).toBe(before + 1);
  });

  it("when every provider sends corrupt bytes, the answer is an upstream failure, not a 500, and nothing is stored", async () => {
    answers.set("fal", async () => [await corrupt()]);
    const before = (await originals()).length;
    const error = await generate({ body: { model: `fal/${MODEL}`, prompt: "broken" }, source: "api" }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    const failure = error as GatewayError;
    expect(failure.kind).toBe("providers_failed");
    expect(failure.providerErrors.length).toBeGreaterThan(0);
    expect(failure.providerErrors.every((e) => e.kind === "upstream")).toBe(true);
    expect(statusOf(failure)).toBe(502);
    expect((await originals()).length).toBe(before);
  });
});

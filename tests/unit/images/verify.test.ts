import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { convertImage } from "@/lib/images/convert";
import { makeThumbnail } from "@/lib/images/thumbnail";
import { verifyImage } from "@/lib/images/verify";
import { normalizeRequest } from "@/lib/params/normalize";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { GeneratedImage, Provider } from "@/lib/providers/types";
import { Bulkheads } from "@/lib/router/bulkheads";
import { chooseCandidates } from "@/lib/router/candidates";
import { HealthBook } from "@/lib/router/health";
import { routeGeneration } from "@/lib/router/route";

const MODEL = "imagen-4.0-generate-001";
const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#336699" } }).png().toBuffer();
const truncated = png.subarray(0, png.length - 30);
// 16000×16000 of one colour: 747 KB of PNG, a gigabyte of pixels once decoded.
const huge = await sharp({ create: { width: 16000, height: 16000, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();

describe("verifyImage", () => {
  it("accepts a whole image and gives its size", async () => {
    await expect(verifyImage(png)).resolves.toEqual({ width: 64, height: 64 });
  });

  it.each([
    ["truncated PNG", truncated],
    ["random bytes", Buffer.from("not an image at all")],
    ["PNG signature then garbage", Buffer.concat([png.subarray(0, 8), Buffer.alloc(200, 7)])],
  ])("refuses a %s", async (_name, bytes) => {
    await expect(verifyImage(bytes)).rejects.toThrow();
  });

  it("refuses a 16000×16000 PNG from its header, before decoding the pixels", async () => {
    await expect(verifyImage(huge)).rejects.toThrow(/pixel limit/);
  });
});

describe("the pixel cap holds where images are converted and thumbnailed", () => {
  it.each([
    ["convertImage", () => convertImage(huge, "jpeg")],
    ["makeThumbnail", () => makeThumbnail(huge)],
  ])("%s refuses the 16000×16000 PNG", async (_name, run) => {
    await expect(run()).rejects.toThrow(/pixel limit/);
  });
});

/** A provider whose every call answers the given images (a function of the call's n). */
function provider(id: string, answer: (n: number) => GeneratedImage[]): Provider {
  return {
    id,
    name: id,
    simulated: false,
    imageModel: (offer) => ({
      provider: id,
      modelId: offer.providerModelId,
      maxImagesPerCall: offer.maxImagesPerCall,
      doGenerate: async (options) => ({ images: answer(options.n), warnings: [], sent: {}, response: { status: 200 } }),
    }),
  };
}

function route(providers: Provider[], body: Record<string, unknown>) {
  const map = new Map(providers.map((p) => [p.id, p]));
  const registry: ProviderRegistry = { providers: map, simulator: "off", statuses: [], servesUnpinned: (p) => map.has(p) };
  const health = new HealthBook({ window: 10, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 60_000 });
  const req = normalizeRequest({ prompt: "p", model: MODEL, ...body }, { defaultModel: MODEL, drawSeed: () => 1 });
  const candidates = chooseCandidates(req, registry, { defaultPolicy: "priority", perModel: {}, order: {}, fallbackOnContentPolicy: false }, health);
  return routeGeneration(req, candidates, registry, {
    attemptTimeoutMs: 5000,
    deadlineMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 },
    health,
    bulkheads: new Bulkheads(8, 100),
    fallbackOnContentPolicy: false,
  });
}

const image = (bytes: Uint8Array): GeneratedImage => ({ bytes, mediaType: "image/png" });

describe("provider images are verified inside the attempt", () => {
  it("a corrupt image fails the attempt as upstream, unbilled, and the next provider serves", async () => {
    const outcome = await route([provider("vertex", () => [image(truncated)]), provider("fal", (n) => Array.from({ length: n }, () => image(png)))], { provider_order: ["vertex", "fal"] });
    const vertex = outcome.attempts.filter((a) => a.provider === "vertex");
    expect(vertex.length).toBeGreaterThan(0);
    expect(vertex.every((a) => a.status === "failed" && a.errorKind === "upstream" && a.costUsd === 0)).toBe(true);
    expect(vertex[0]!.errorMessage).toMatch(/unusable image/);
    expect(outcome.images.map((i) => i.offer.provider)).toEqual(["fal"]);
  });

  it("n=4 with one bad image keeps the three good ones and bills three", async () => {
    const fal = findModel(MODEL)!.providers.find((o) => o.provider === "fal")!;
    expect(fal.maxImagesPerCall).toBeGreaterThanOrEqual(4);
    const outcome = await route([provider("fal", () => [image(png), image(truncated), image(png), image(png)])], { n: 4, model: `fal/${MODEL}` });
    expect(outcome.images).toHaveLength(3);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.error.kind).toBe("upstream");
    const [attempt] = outcome.attempts;
    expect(attempt!.status).toBe("succeeded");
    expect(attempt!.images).toBe(3);
    const one = await route([provider("fal", () => [image(png)])], { n: 1, model: `fal/${MODEL}` });
    expect(attempt!.costUsd).toBeCloseTo(one.attempts[0]!.costUsd * 3, 6);
  });
});

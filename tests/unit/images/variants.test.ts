import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONVERSION_LIMIT, CONVERSION_QUEUE, ConversionsBusyError, variantFor } from "@/lib/services/image-variants";
import { LocalStorage } from "@/lib/storage/local-storage";

let dir: string;
let storage: LocalStorage;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "darkroom-variants-"));
  storage = new LocalStorage(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function stored(width: number, height: number, shade: number) {
  const bytes = await sharp({ create: { width, height, channels: 3, background: { r: shade, g: 90, b: 200 } } }).png().toBuffer();
  return { storageKey: await storage.put(bytes, "png"), format: "png", width, height };
}

describe("variantFor", () => {
  it("serves the original for its own format", async () => {
    const image = await stored(32, 32, 1);
    expect(await variantFor(image, "png", storage)).toEqual({ kind: "stored", key: image.storageKey, format: "png" });
  });

  it("converts once: concurrent and later views share one stored variant", async () => {
    const image = await stored(64, 48, 2);
    const read = vi.spyOn(storage, "read");
    const views = await Promise.all(Array.from({ length: 20 }, () => variantFor(image, "webp", storage)));
    const again = await variantFor(image, "webp", storage);
    expect(read).toHaveBeenCalledTimes(1);
    read.mockRestore();
    const keys = new Set([...views, again].map((v) => (v.kind === "stored" ? v.key : "")));
    expect(keys.size).toBe(1);
    const key = [...keys][0]!;
    expect(key).not.toBe(image.storageKey);
    expect((await sharp(await storage.read(key)).metadata()).format).toBe("webp");
  });

  it("keeps the format of an image over 1600 px asked for as AVIF, as the API does", async () => {
    const image = await stored(1700, 20, 3);
    const variant = await variantFor(image, "avif", storage);
    expect(variant).toMatchObject({ kind: "kept", format: "png" });
    expect(variant.kind === "kept" && variant.warning).toMatch(/1600 px/);
  });

  it("bounds concurrent conversions: beyond the queue it says busy, and nothing half-made is kept", async () => {
    const images = await Promise.all(Array.from({ length: CONVERSION_LIMIT + CONVERSION_QUEUE + 6 }, (_, i) => stored(256, 256, 10 + i)));
    const results = await Promise.allSettled(images.map((image) => variantFor(image, "gif", storage)));
    const busy = results.filter((r) => r.status === "rejected");
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => r.status === "rejected" && r.reason instanceof ConversionsBusyError)).toBe(true);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(CONVERSION_LIMIT + CONVERSION_QUEUE);
    // A refused one is made on a later view.
    const refused = images[results.findIndex((r) => r.status === "rejected")]!;
    expect(await variantFor(refused, "gif", storage)).toMatchObject({ kind: "stored", format: "gif" });
  });
});

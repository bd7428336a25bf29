import { describe, expect, it } from "vitest";
import { releaseLease, tryLease } from "@/lib/db/leases";
import { imagesWithoutThumbnail } from "@/lib/db/thumbnails";
import { useInProcessApp } from "../../helpers/in-process";

const prisma = useInProcessApp();

describe("leases", () => {
  it("one holder at a time; a lease that ran out is taken over; release frees it", async () => {
    expect(await tryLease({ key: "k", holder: "a", ttlMs: 60_000 })).toBe(true);
    expect(await tryLease({ key: "k", holder: "b", ttlMs: 60_000 })).toBe(false);
    expect(await tryLease({ key: "k", holder: "a", ttlMs: 60_000 })).toBe(true);
    await releaseLease({ key: "k", holder: "b" });
    expect(await tryLease({ key: "k", holder: "b", ttlMs: 60_000 })).toBe(false);
    await releaseLease({ key: "k", holder: "a" });
    expect(await tryLease({ key: "k", holder: "b", ttlMs: 1 })).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await tryLease({ key: "k", holder: "c", ttlMs: 60_000 })).toBe(true);
  });

  it("two fillers claiming thumbnails at once split the images, one file each", async () => {
    await prisma().generation.create({ data: { id: "gen_t", source: "api", model: "m", prompt: "p", seed: 1n, n: 5, request: {}, normalized: {}, ledger: [] } });
    const image = (i: number, storageKey: string) => ({
      id: `img_${i}`, generationId: "gen_t", index: i, seed: 1n, width: 8, height: 8, format: "png", bytes: 1, storageKey, thumbWidth: 8, thumbHeight: 8,
    });
    // Two images share one file (content-addressed storage): one thumbnail serves both.
    await prisma().image.createMany({ data: [image(0, "f0"), image(1, "f1"), image(2, "f2"), image(3, "f3"), image(4, "f0")] });
    const [a, b] = await Promise.all([
      imagesWithoutThumbnail({ take: 16, skip: [], claim: { holder: "a", ttlMs: 60_000 } }),
      imagesWithoutThumbnail({ take: 16, skip: [], claim: { holder: "b", ttlMs: 60_000 } }),
    ]);
    const files = [...a, ...b].map((i) => i.storageKey).sort();
    expect(files).toEqual(["f0", "f1", "f2", "f3"]);
    expect(await imagesWithoutThumbnail({ take: 16, skip: [], claim: { holder: "c", ttlMs: 60_000 } })).toEqual([]);
  });
});

import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { keepDecodable, verifyWithThumbnail } from "@/lib/images/verify";
import { serverContext } from "@/lib/server/context";
import { useInProcessApp } from "../../helpers/in-process";

const photo = await sharp({ create: { width: 1024, height: 768, channels: 3, background: "#2a6f97" } })
  .composite([{ input: Buffer.from('<svg width="1024" height="768"><circle cx="500" cy="380" r="300" fill="#f4a261"/></svg>') }])
  .png()
  .toBuffer();

async function expectThumbnail(bytes: Uint8Array, width: number, height: number, placeholder: string | null) {
  const meta = await sharp(bytes).metadata();
  expect(meta.format).toBe("webp");
  expect([meta.width, meta.height]).toEqual([width, height]);
  expect(Math.max(width, height)).toBe(384);
  expect(placeholder).toMatch(/^data:image\/webp;base64,/);
  const tiny = await sharp(Buffer.from(placeholder!.split(",")[1]!, "base64")).metadata();
  expect(Math.max(tiny.width!, tiny.height!)).toBeLessThanOrEqual(16);
}

describe("the verification decode makes the thumbnail", () => {
  it("gives the size, a 384 px webp and a placeholder from one call", async () => {
    const { width, height, thumbnail } = await verifyWithThumbnail(photo);
    expect([width, height]).toEqual([1024, 768]);
    expect([thumbnail.width, thumbnail.height]).toEqual([384, 288]);
    await expectThumbnail(thumbnail.bytes, 384, 288, thumbnail.placeholder);
  });

  it("still refuses a truncated image, and keeps the thumbnails of the good ones", async () => {
    await expect(verifyWithThumbnail(photo.subarray(0, photo.length - 200))).rejects.toThrow(/does not decode/);
    const { kept, rejected } = await keepDecodable([{ bytes: photo, n: 1 }, { bytes: photo.subarray(0, 5000), n: 2 }]);
    expect(kept.map((k) => [k.n, k.thumbnail.width])).toEqual([[1, 384]]);
    expect(rejected).toHaveLength(1);
  });
});

const prisma = useInProcessApp({ DARKROOM_SIMULATOR_LATENCY_MS: "10" });

describe("a generation's image has its thumbnail when the answer arrives", () => {
  it("the row carries the thumbnail key and placeholder, and the stored webp fits 384 px", async () => {
    const response = await POST(
      new Request("http://127.0.0.1/v1/images/generations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "local/flux-dev", prompt: "a thumbnail right away", size: "1024x768" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const { darkroom } = await response.json();
    // Straight after the answer: no background pass has had a chance to run.
    const image = await prisma().image.findFirstOrThrow({ where: { generationId: darkroom.id } });
    expect(image.thumbnailKey).toMatch(/^[0-9a-f]{64}\.webp$/);
    const bytes = await serverContext().storage.read(image.thumbnailKey!);
    const [w, h] = image.width >= image.height ? [384, Math.round((384 * image.height) / image.width)] : [Math.round((384 * image.width) / image.height), 384];
    expect([image.thumbWidth, image.thumbHeight]).toEqual([w, h]);
    await expectThumbnail(bytes, w, h, image.placeholder);
    // The serving attempt is written by the completing statement, not one of its own: it is there all the same.
    const attempts = await prisma().attempt.findMany({ where: { generationId: darkroom.id } });
    expect(attempts.map((a) => [a.status, a.images])).toEqual([["succeeded", 1]]);
  });
});

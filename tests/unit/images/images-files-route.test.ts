import { mkdtemp, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkPng } from "@/lib/images/png-check.mjs";
import { createStorage } from "@/lib/storage/from-env";
import { LocalStorage } from "@/lib/storage/local-storage";
import type { ImageStorage } from "@/lib/storage/storage";
import { startLocalS3 } from "../storage/s3-server";

const images = new Map<string, { id: string; storageKey: string; format: string; width: number; height: number; thumbnailKey: string | null }>();
const holder: { storage?: ImageStorage } = {};
vi.mock("@/lib/db/generations", () => ({ findImage: async ({ id }: { id: string }) => images.get(id) ?? null }));
vi.mock("@/lib/server/context", () => ({ serverContext: () => ({ storage: holder.storage }) }));

const { getImageFile, getThumbnailFile } = await import("@/lib/api/routes/images-files");
const { CONVERSION_LIMIT, CONVERSION_QUEUE } = await import("@/lib/services/image-variants");

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "darkroom-files-"));
  holder.storage = new LocalStorage(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function addImage(id: string, width: number, height: number, shade = 0) {
  const bytes = await sharp({ create: { width, height, channels: 3, background: { r: shade, g: 120, b: 30 } } }).png().toBuffer();
  images.set(id, { id, storageKey: await holder.storage!.put(bytes, "png"), format: "png", width, height, thumbnailKey: null });
}

/** A PNG whose image data is damaged but whose every chunk checksum matches, as a faulty encoder writes it. */
async function damagedPng(): Promise<Buffer> {
  const bytes = Buffer.from(await sharp({ create: { width: 64, height: 64, channels: 3, background: "#808080", noise: { type: "gaussian" as const, mean: 128, sigma: 40 } } }).png().toBuffer());
  const at = bytes.indexOf("IDAT") - 4;
  const length = bytes.readUInt32BE(at);
  for (let i = at + 8 + 2; i < at + 8 + length; i += 7) bytes[i] = 0xff - bytes[i]!;
  bytes.writeUInt32BE(crc32(bytes.subarray(at + 4, at + 8 + length)), at + 8 + length);
  return bytes;
}

const get = (file: string, query = "") => getImageFile(new Request(`http://x/images/${file}${query}`), { params: Promise.resolve({ file }) });

describe("a stored image that passed its checks but does not decode", () => {
  it("answers its thumbnail and its conversions with 422 image_undecodable, and the original as stored", async () => {
    const bytes = await damagedPng();
    // It is storable: the gateway's own check (chunk checksums, header, zlib header) passes it.
    expect(checkPng(bytes)).toEqual({ width: 64, height: 64 });
    images.set("img_bad", { id: "img_bad", storageKey: await holder.storage!.put(bytes, "png"), format: "png", width: 64, height: 64, thumbnailKey: null });
    const thumb = await getThumbnailFile(new Request("http://x/images/thumbs/img_bad.webp"), { params: Promise.resolve({ file: "img_bad.webp" }) });
    const converted = await get("img_bad.webp");
    for (const response of [thumb, converted]) {
      expect(response.status).toBe(422);
      const { error } = await response.json();
      expect(error).toMatchObject({ type: "invalid_request_error", code: "image_undecodable" });
      expect(error.message).toMatch(/^The stored image cannot be decoded \(/);
    }
    expect(Buffer.from(await (await get("img_bad.png")).arrayBuffer()).equals(bytes)).toBe(true);
  });
});

describe("GET /images/{id}.{ext}", () => {
  it("streams the original with its length and converts another extension", async () => {
    await addImage("img_a", 40, 30);
    const png = await get("img_a.png");
    expect(png.status).toBe(200);
    expect(Number(png.headers.get("content-length"))).toBe((await png.arrayBuffer()).byteLength);
    const webp = await get("img_a.webp", "?download");
    expect(webp.headers.get("content-type")).toBe("image/webp");
    expect(webp.headers.get("content-disposition")).toBe('attachment; filename="img_a.webp"');
    expect((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).format).toBe("webp");
  });

  it("redirects AVIF of an image over 1600 px to its own format, with the warning", async () => {
    await addImage("img_wide", 2000, 16);
    const response = await get("img_wide.avif", "?download");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("img_wide.png?download");
    expect(response.headers.get("x-darkroom-warning")).toMatch(/1600 px/);
  });

  it("answers 503 with Retry-After when the conversion queue is full", async () => {
    const count = CONVERSION_LIMIT + CONVERSION_QUEUE + 6;
    for (let i = 0; i < count; i++) await addImage(`img_q${i}`, 300, 300, i);
    const responses = await Promise.all(Array.from({ length: count }, (_, i) => get(`img_q${i}.gif`)));
    const busy = responses.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.headers.get("retry-after")).toBe("2");
    expect((await busy[0]!.json()).error).toMatchObject({ code: "conversions_busy", type: "service_unavailable" });
    expect(responses.every((r) => r.status === 200 || r.status === 503)).toBe(true);
  });

  it("a symlink planted in place of the file is a 404, never followed", async () => {
    await addImage("img_link", 10, 10);
    const file = (holder.storage as LocalStorage).pathOf(images.get("img_link")!.storageKey);
    const secret = path.join(dir, "secret.txt");
    await writeFile(secret, "not an image");
    await unlink(file);
    await symlink(secret, file);
    const response = await get("img_link.png");
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("image_file_missing");
  });

  it("on S3 it streams from the bucket, or redirects to a presigned URL with DARKROOM_STORAGE_REDIRECT=true", async () => {
    const s3 = await startLocalS3();
    const local = holder.storage;
    try {
      holder.storage = createStorage(s3.env, dir);
      await addImage("img_s3", 20, 20);
      const streamed = await get("img_s3.webp");
      expect(streamed.status).toBe(200);
      expect((await sharp(Buffer.from(await streamed.arrayBuffer())).metadata()).format).toBe("webp");
      holder.storage = createStorage({ ...s3.env, DARKROOM_STORAGE_REDIRECT: "true" }, dir);
      const redirected = await get("img_s3.png", "?download");
      expect(redirected.status).toBe(302);
      const signed = await fetch(redirected.headers.get("location")!);
      expect(signed.headers.get("content-disposition")).toBe('attachment; filename="img_s3.png"');
      expect((await sharp(Buffer.from(await signed.arrayBuffer())).metadata()).width).toBe(20);
    } finally {
      holder.storage = local;
      await s3.close();
    }
  });
});

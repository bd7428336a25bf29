import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStorage } from "@/lib/storage/from-env";
import { parseStorageUrl } from "@/lib/storage/storage-url";
import { parseEnv } from "@/lib/config/env";
import { LocalStorage } from "@/lib/storage/local-storage";
import { DeferredStorage } from "@/lib/storage/deferred-storage";
import { S3Storage, s3StorageFromEnv } from "@/lib/storage/s3-storage";
import { contentKey, StorageMissingError, variantKey, variantKeysOf, type ImageStorage } from "@/lib/storage/storage";
import { startLocalS3, type LocalS3 } from "./s3-server";

let dir: string;
let s3: LocalS3;
const drivers: Record<string, ImageStorage> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "darkroom-contract-"));
  s3 = await startLocalS3();
  drivers.local = createStorage({}, dir);
  drivers.s3 = createStorage({ ...s3.env, DARKROOM_STORAGE_REDIRECT: "true" }, dir);
});

afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

const text = async (body: ReadableStream<Uint8Array>) => Buffer.from(await new Response(body).arrayBuffer());

describe.each(["local", "s3"])("the %s storage driver", (name) => {
  const storage = () => drivers[name]!;

  it("stores bytes under their content key, once", async () => {
    const bytes = randomBytes(1000);
    const key = await storage().put(bytes, "png");
    expect(key).toBe(contentKey(bytes, "png"));
    expect(await storage().put(bytes, "png")).toBe(key);
    expect(await storage().has(key)).toBe(true);
    expect(Buffer.compare(await storage().read(key), bytes)).toBe(0);
  });

  it("streams an object with its size (6 MB, more than one chunk)", async () => {
    const bytes = randomBytes(6 * 1024 * 1024);
    const key = await storage().put(bytes, "webp");
    const opened = await storage().open(key);
    expect(opened!.size).toBe(bytes.byteLength);
    expect(Buffer.compare(await text(opened!.body), bytes)).toBe(0);
  });

  it("writes a variant under its derived key", async () => {
    const source = await storage().put(randomBytes(50), "png");
    const key = variantKey(source, "avif", "avif");
    expect(await storage().has(key)).toBe(false);
    await storage().putAt(key, Buffer.from("variant"));
    await storage().putAt(key, Buffer.from("ignored: keys never change meaning"));
    expect((await storage().read(key)).toString()).toBe("variant");
    expect(variantKeysOf(source)).toContain(key);
  });

  it("reports a missing object the same way", async () => {
    const key = `${"0".repeat(64)}.png`;
    expect(await storage().has(key)).toBe(false);
    expect(await storage().open(key)).toBeUndefined();
    await expect(storage().read(key)).rejects.toBeInstanceOf(StorageMissingError);
    await storage().remove(key);
  });

  it("removes an object", async () => {
    const key = await storage().put(randomBytes(10), "gif");
    await storage().remove(key);
    expect(await storage().has(key)).toBe(false);
  });

  it("refuses keys that are not content keys", async () => {
    await expect(storage().read("../../etc/passwd")).rejects.toThrow(/invalid storage key/);
    await expect(storage().putAt("a/b.png", Buffer.from("x"))).rejects.toThrow(/invalid storage key/);
  });
});

describe("driver-specific behaviour", () => {
  it("an unset DARKROOM_STORAGE_URL keeps the data directory", () => {
    expect(drivers.local).toBeInstanceOf(LocalStorage);
    expect(drivers.s3).toBeInstanceOf(DeferredStorage);
  });

  it("S3 objects live under the prefix, and a presigned URL serves one as an attachment", async () => {
    const s3Storage = (await (drivers.s3 as DeferredStorage).loaded()) as S3Storage;
    expect(s3Storage).toBeInstanceOf(S3Storage);
    const key = await s3Storage.put(Buffer.from("signed bytes"), "png");
    expect(s3Storage.objectKey(key)).toBe(`images/${key}`);
    const url = await s3Storage.redirectUrl(key, { contentType: "image/png", filename: "img_x.png" });
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="img_x.png"');
    expect(await response.text()).toBe("signed bytes");
    const plain = s3StorageFromEnv(s3.env);
    expect(await plain.redirectUrl(key, { contentType: "image/png" })).toBeUndefined();
  });

  it.each([
    ["s3://bucket", { bucket: "bucket", prefix: "" }],
    ["s3://my.bucket/a/b/", { bucket: "my.bucket", prefix: "a/b/" }],
  ])("parses %s", (url, expected) => {
    expect(parseStorageUrl(url)).toEqual(expected);
  });

  it.each(["https://bucket/x", "s3://", "s3://UPPER/x"])("refuses DARKROOM_STORAGE_URL=%s, naming the variable", (url) => {
    expect(() => parseStorageUrl(url)).toThrow(/DARKROOM_STORAGE_URL/);
    expect(() => parseEnv({ DARKROOM_STORAGE_URL: url })).toThrow(/DARKROOM_STORAGE_URL/);
  });
});

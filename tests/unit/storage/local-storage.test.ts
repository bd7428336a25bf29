import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalStorage } from "@/lib/storage/local-storage";
import { StorageMissingError } from "@/lib/storage/storage";

let dir: string;
let storage: LocalStorage;
let secret: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "darkroom-storage-"));
  await mkdir(path.join(dir, "images"));
  secret = path.join(dir, "secret.txt");
  await writeFile(secret, "outside the storage root");
  storage = new LocalStorage(path.join(dir, "images"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectMissing(key: string) {
  await expect(storage.read(key)).rejects.toBeInstanceOf(StorageMissingError);
  expect(await storage.open(key)).toBeUndefined();
  expect(await storage.has(key)).toBe(false);
}

describe("LocalStorage serves only regular files inside its root", () => {
  it("serves a stored file", async () => {
    const key = await storage.put(Buffer.from("image bytes"), "png");
    expect((await storage.read(key)).toString()).toBe("image bytes");
    const opened = await storage.open(key);
    expect(opened!.size).toBe(11);
    expect(Buffer.from(await new Response(opened!.body).arrayBuffer()).toString()).toBe("image bytes");
  });

  it("does not follow a symlink planted in place of a file", async () => {
    const key = await storage.put(Buffer.from("image bytes"), "png");
    await unlink(storage.pathOf(key));
    await symlink(secret, storage.pathOf(key));
    await expectMissing(key);
  });

  it("does not follow a symlinked directory level", async () => {
    const key = `${"ab".repeat(32)}.png`;
    const elsewhere = path.join(dir, "elsewhere", "ab");
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(elsewhere, key), "planted");
    await symlink(path.join(dir, "elsewhere"), path.join(dir, "images", "ab"));
    await expectMissing(key);
  });

  it("does not serve a directory or a FIFO under a key's name (and does not hang on the FIFO)", async () => {
    const dirKey = `${"cd".repeat(32)}.png`;
    await mkdir(storage.pathOf(dirKey), { recursive: true });
    await expectMissing(dirKey);
    const fifoKey = `${"ef".repeat(32)}.png`;
    await mkdir(path.dirname(storage.pathOf(fifoKey)), { recursive: true });
    execFileSync("mkfifo", [storage.pathOf(fifoKey)]);
    await expectMissing(fifoKey);
  });

  it("still works when the root itself is reached through a symlink (an operator's data dir)", async () => {
    await symlink(path.join(dir, "images"), path.join(dir, "linked"));
    const linked = new LocalStorage(path.join(dir, "linked"));
    const key = await linked.put(Buffer.from("x"), "png");
    expect((await linked.read(key)).toString()).toBe("x");
  });

  it("refuses keys that are not content hashes", async () => {
    await expect(storage.read("../secret.txt")).rejects.toThrow(/invalid storage key/);
  });
});

describe("writing", () => {
  it("makes a shard directory once, and again when an operator removed it meanwhile", async () => {
    const key = await storage.put(Buffer.from("first"), "png");
    await rm(path.join(dir, "images", key.slice(0, 2)), { recursive: true });
    await storage.putAt(`${key.slice(0, 4)}${"0".repeat(60)}.webp`, Buffer.from("second"));
    expect((await storage.read(`${key.slice(0, 4)}${"0".repeat(60)}.webp`)).toString()).toBe("second");
    await storage.putAt(key, Buffer.from("first"));
    expect((await storage.read(key)).toString()).toBe("first");
    // No temp file is left behind by either write.
    const files = execFileSync("find", [path.join(dir, "images"), "-type", "f"], { encoding: "utf8" }).trim().split("\n");
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

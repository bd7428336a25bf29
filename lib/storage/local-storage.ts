import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Content-addressed image files under the data dir: the key is the bytes' SHA-256 plus extension, so
 * identical images (same seed twice) are stored once and a key never changes meaning.
 */
export class LocalStorage {
  constructor(private readonly root: string) {}

  pathOf(key: string): string {
    if (!/^[a-f0-9]{64}\.[a-z0-9]+$/.test(key)) throw new Error(`invalid storage key ${key}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Uint8Array, extension: string): Promise<string> {
    const key = `${createHash("sha256").update(bytes).digest("hex")}.${extension}`;
    const file = this.pathOf(key);
    if (await stat(file).then(() => true, () => false)) return key;
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a reader (or a crash) never sees half a file.
    const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, file);
    return key;
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

import { randomBytes } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { lstat, mkdir, open, realpath, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { checkKey, contentKey, StorageMissingError, type ImageStorage, type StoredObject } from "./storage";

/**
 * Content-addressed image files under the data dir (`ab/cd/<key>`). Only regular files that really are
 * inside the root are served: a symlink planted in the tree (a file or one of the two directory levels)
 * is treated as missing, never followed.
 */
export class LocalStorage implements ImageStorage {
  /** The root with its own symlinks resolved (an operator may link the data dir elsewhere). */
  private realRoot: string | undefined;

  /** Shard directories this instance made or saw: at most 65,536 (two hex levels). */
  private readonly madeDirs = new Set<string>();
  private readonly tempPrefix = randomBytes(4).toString("hex");
  private tempCount = 0;

  constructor(private readonly root: string) {}

  pathOf(key: string): string {
    checkKey(key);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Uint8Array, extension: string): Promise<string> {
    const key = contentKey(bytes, extension);
    await this.putAt(key, bytes);
    return key;
  }

  /**
   * Write then rename: a reader (or a crash) never sees half a file. A key never changes meaning, so a
   * file that is there already is kept. Temp names are unique per instance, even with several on one
   * shared data dir.
   */
  async putAt(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    if (await stat(file).then(() => true, () => false)) return;
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const temp = `${file}.${this.tempPrefix}${(this.tempCount += 1)}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      // The directory was removed behind this instance's back (an operator's cleanup): made again, once.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || !this.madeDirs.delete(dir)) throw error;
      await this.putAt(key, bytes);
    }
  }

  async has(key: string): Promise<boolean> {
    const handle = await this.openRegular(key);
    await handle?.close();
    return handle !== undefined;
  }

  async read(key: string): Promise<Buffer> {
    const handle = await this.openRegular(key);
    if (!handle) throw new StorageMissingError(`no stored file ${key}`);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async open(key: string): Promise<StoredObject | undefined> {
    const handle = await this.openRegular(key);
    if (!handle) return undefined;
    const { size } = await handle.stat();
    const stream = createReadStream("", { fd: handle, autoClose: true });
    return { size, body: Readable.toWeb(stream) as ReadableStream<Uint8Array> };
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /**
   * The file opened without following a final symlink (O_NOFOLLOW; O_NONBLOCK so a planted FIFO cannot
   * hang the open), after checking that neither directory level is a symlink; then fstat proves it is a
   * regular file. Undefined when any check fails.
   */
  private async openRegular(key: string): Promise<FileHandle | undefined> {
    const file = this.pathOf(key);
    this.realRoot ??= await realpath(this.root).catch(() => undefined);
    const root = this.realRoot ?? path.resolve(this.root);
    const levels = [path.join(root, key.slice(0, 2)), path.join(root, key.slice(0, 2), key.slice(2, 4))];
    for (const dir of levels) {
      const info = await lstat(dir).catch(() => undefined);
      if (!info?.isDirectory()) return undefined;
    }
    const handle = await open(path.join(levels[1]!, path.basename(file)), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
    if (!handle) return undefined;
    if ((await handle.stat()).isFile()) return handle;
    await handle.close();
    return undefined;
  }
}

import type { ImageStorage, StoredObject } from "./storage";

/** A driver whose module loads on first use; every call waits for it and forwards. */
export class DeferredStorage implements ImageStorage {
  constructor(private readonly target: Promise<ImageStorage>) {
    // A failure surfaces on the first call, not as an unhandled rejection at start.
    target.catch(() => undefined);
  }

  async put(bytes: Uint8Array, extension: string): Promise<string> {
    return (await this.target).put(bytes, extension);
  }

  async putAt(key: string, bytes: Uint8Array): Promise<void> {
    return (await this.target).putAt(key, bytes);
  }

  async has(key: string): Promise<boolean> {
    return (await this.target).has(key);
  }

  async read(key: string): Promise<Buffer> {
    return (await this.target).read(key);
  }

  async open(key: string): Promise<StoredObject | undefined> {
    return (await this.target).open(key);
  }

  async redirectUrl(key: string, options: { filename?: string; contentType: string }): Promise<string | undefined> {
    return (await this.target).redirectUrl?.(key, options);
  }

  async remove(key: string): Promise<void> {
    return (await this.target).remove(key);
  }

  /** The loaded driver (tests, diagnostics). */
  loaded(): Promise<ImageStorage> {
    return this.target;
  }
}

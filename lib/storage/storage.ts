import { createHash } from "node:crypto";

/** A stored object opened for serving: its size and a stream of its bytes (never buffered whole). */
export interface StoredObject {
  size: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * Where image bytes live: originals, thumbnails and converted variants. Keys are content-derived
 * (`<64 hex>.<ext>`), so an object never changes once written and every instance agrees on its name.
 */
export interface ImageStorage {
  /** Writes bytes under the key of their SHA-256 and returns it; identical bytes are stored once. */
  put(bytes: Uint8Array, extension: string): Promise<string>;
  /** Writes bytes under a key derived elsewhere (see variantKey); a no-op when it exists. */
  putAt(key: string, bytes: Uint8Array): Promise<void>;
  has(key: string): Promise<boolean>;
  /** The whole object; rejects with StorageMissingError when there is none. */
  read(key: string): Promise<Buffer>;
  /** The object as a stream, or undefined when there is none. */
  open(key: string): Promise<StoredObject | undefined>;
  /**
   * A short-lived URL a client may fetch the object from directly, when the driver offers one and it is
   * enabled (DARKROOM_STORAGE_REDIRECT); undefined means "stream it through the gateway".
   */
  redirectUrl?(key: string, options: { filename?: string; contentType: string }): Promise<string | undefined>;
  remove(key: string): Promise<void>;
}

export class StorageMissingError extends Error {}

const KEY = /^[a-f0-9]{64}\.[a-z0-9]+$/;

/** Throws unless `key` has the one shape storage keys have: nothing else ever reaches a path or bucket. */
export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${key}`);
  return key;
}

export const contentKey = (bytes: Uint8Array, extension: string) => `${createHash("sha256").update(bytes).digest("hex")}.${extension}`;

/**
 * The key of an image's conversion to another format: derived from the original's key (itself the
 * original's content hash), so the variant is made once and found again by any instance without a record.
 */
export const variantKey = (sourceKey: string, format: string, extension: string) =>
  `${createHash("sha256").update(`variant:v1:${checkKey(sourceKey)}:${format}`).digest("hex")}.${extension}`;

const VARIANT_FORMATS: [format: string, extension: string][] = [["png", "png"], ["jpeg", "jpg"], ["webp", "webp"], ["gif", "gif"], ["avif", "avif"]];

/** Every key a conversion of `sourceKey` may have been kept under: removed with the original. */
export const variantKeysOf = (sourceKey: string) => VARIANT_FORMATS.map(([format, extension]) => variantKey(sourceKey, format, extension));

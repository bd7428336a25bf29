import { takeBlob } from "./json-fetch-blob-store";
import type { Base64Blob } from "./json-fetch-blobs.mjs";

export interface DecodedBase64 {
  bytes: Buffer;
  /** The text itself when it is canonical standard base64 of `bytes`: a b64_json answer reuses it. */
  base64?: string;
}

// The SHA-256 the request thread computed for bytes it decoded: storage keys them by it without a second
// pass. On globalThis: the adapter that decodes and the service that stores may be different module copies.
const holder = globalThis as { darkroomBlobHashes?: WeakMap<Uint8Array, string> };
const hashes = (holder.darkroomBlobHashes ??= new WeakMap());

/** The hex SHA-256 of bytes decodeBase64 returned from the request thread, when it has one. */
export const knownSha256 = (bytes: Uint8Array): string | undefined => hashes.get(bytes);

/** An image the request thread already decoded and hashed (json-fetch-blobs.mjs): nothing is decoded here. */
function fromBlob(blob: Base64Blob): DecodedBase64 {
  const bytes = Buffer.from(blob.bytes.buffer, blob.bytes.byteOffset, blob.bytes.byteLength);
  hashes.set(bytes, blob.sha256);
  // Canonical by construction; latin1 of ASCII is a plain copy, not a decode.
  return { bytes, base64: Buffer.from(blob.base64.buffer, blob.base64.byteOffset, blob.base64.byteLength).toString("latin1") };
}

/**
 * Decodes a provider's base64 image, or takes the one the request thread decoded when `text` is its token.
 * Node's decoder skips characters outside the alphabet and accepts the URL-safe one, so the text is only kept for reuse when it decoded to exactly the length its size
 * implies (nothing skipped) and holds no URL-safe characters.
 */
export function decodeBase64(text: string): DecodedBase64 {
  const blob = takeBlob(text);
  if (blob) return fromBlob(blob);
  const bytes = Buffer.from(text, "base64");
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const canonical = text.length % 4 === 0 && bytes.length === (text.length / 4) * 3 - padding && !text.includes("-") && !text.includes("_");
  return canonical ? { bytes, base64: text } : { bytes };
}

export interface Base64Entry extends DecodedBase64 {
  /** The data URI's media type when the entry carried one, else `fallbackMediaType`. */
  mediaType: string;
}

/** A b64_json-style entry: plain base64 or, as some servers send it, a `data:<type>;base64,` URI. */
export function decodeBase64Entry(value: string, fallbackMediaType: string): Base64Entry {
  const dataUri = /^data:([^;,]+)?(?:;[^,]*)?,/.exec(value);
  const decoded = decodeBase64(dataUri ? value.slice(dataUri[0].length) : value);
  return { ...decoded, mediaType: dataUri?.[1] ?? fallbackMediaType };
}

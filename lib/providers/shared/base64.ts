import { Base64Text } from "@/lib/images/base64-text";
import { rememberCheck } from "@/lib/images/checked-elsewhere";
import { takeBlob } from "./json-fetch-blob-store";
import type { Base64Blob } from "./json-fetch-blobs.mjs";

export interface DecodedBase64 {
  bytes: Buffer;
}

// What the request thread computed for bytes it decoded (their SHA-256, and the provider's base64 as
// ASCII bytes), and the provider's canonical base64 text of bytes decoded here: storage keys images by
// the hash without a second pass, and a b64_json answer reuses the provider's text. Keyed by the Buffer
// itself, so bytes that were converted or re-encoded have none. On globalThis: the adapter that decodes
// and the service that stores may be different module copies.
const holder = globalThis as { darkroomBlobHashes?: WeakMap<Uint8Array, string>; darkroomBase64?: WeakMap<Uint8Array, string | Uint8Array> };
const hashes = (holder.darkroomBlobHashes ??= new WeakMap());
const texts = (holder.darkroomBase64 ??= new WeakMap());

/** The hex SHA-256 of bytes decodeBase64 returned from the request thread, when it has one. */
export const knownSha256 = (bytes: Uint8Array): string | undefined => hashes.get(bytes);

/** The provider's own canonical base64 of exactly these bytes, when it sent one: a url answer never needs it. */
export function providerBase64(bytes: Uint8Array): Base64Text | undefined {
  const text = texts.get(bytes);
  if (text === undefined) return undefined;
  return typeof text === "string" ? Base64Text.of(text) : new Base64Text(text);
}

/** The base64 of bytes: the provider's own (never encoded again) or encoded now. */
export const base64Of = (bytes: Uint8Array): Base64Text => providerBase64(bytes) ?? Base64Text.encode(bytes);

/** An image the request thread already decoded and hashed (json-fetch-blobs.mjs): nothing is decoded here. */
function fromBlob(blob: Base64Blob): DecodedBase64 {
  const bytes = Buffer.from(blob.bytes.buffer, blob.bytes.byteOffset, blob.bytes.byteLength);
  hashes.set(bytes, blob.sha256);
  // Canonical by construction (json-fetch-blobs.mjs decodes only strict base64); kept only for base64 answers.
  if (blob.base64) texts.set(bytes, blob.base64);
  // The request thread checked a PNG's structure already: the router's verification takes its result.
  if (blob.check) rememberCheck(bytes, blob.check);
  return { bytes };
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
  if (canonical) texts.set(bytes, text);
  return { bytes };
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

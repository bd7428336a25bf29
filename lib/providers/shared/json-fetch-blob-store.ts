import type { Base64Blob } from "./json-fetch-blobs.mjs";

/**
 * The base64 images the request thread took out of provider answers (json-fetch-blobs.mjs), until the
 * adapter decoding that answer asks for them by the token left in the JSON. A token is `\u0000` and an
 * unguessable nonce per answer, so no provider text can name another answer's image. An answer whose
 * adapter never asks (its schema refused it) is dropped after KEEP_MS.
 */
const KEEP_MS = 30_000;
const TOKEN = /^\u0000([0-9a-f]{24}):(\d+)$/;

interface Held {
  blobs: (Base64Blob | undefined)[];
  left: number;
}

// On globalThis: each route bundle has its own copy of this module, and of its readers.
const holder = globalThis as { darkroomBase64Blobs?: Map<string, Held> };
const held: Map<string, Held> = (holder.darkroomBase64Blobs ??= new Map());

export function holdBlobs(nonce: string, blobs: Base64Blob[]): void {
  held.set(nonce, { blobs: [...blobs], left: blobs.length });
  setTimeout(() => held.delete(nonce), KEEP_MS).unref();
}

/** The blob a token stands for, once (it is forgotten as it is taken), or undefined for any other text. */
export function takeBlob(text: string): Base64Blob | undefined {
  if (text.length > 64 || text.charCodeAt(0) !== 0) return undefined;
  const match = TOKEN.exec(text);
  const entry = match ? held.get(match[1]!) : undefined;
  const blob = entry?.blobs[Number(match![2])];
  if (!entry || !blob) return undefined;
  entry.blobs[Number(match![2])] = undefined;
  if (--entry.left === 0) held.delete(match![1]!);
  return blob;
}

import type { Sharp } from "sharp";
import { sniffFormat } from "./sniff";
import { openImage } from "./open";
import { thumbnailOf, type Thumbnail } from "./thumbnail";

export interface VerifiedImage {
  width: number;
  height: number;
}

export interface VerifiedWithThumbnail extends VerifiedImage {
  /** Made by the same decode that verified the image: nothing is left for a deferred pass. */
  thumbnail: Thumbnail;
}

/** Why bytes are not a usable image, in words an operator can act on. */
export class CorruptImageError extends Error {}

/**
 * Opens the bytes, reads the header and runs `decode` (which must read every row) under the corrupt-image
 * error: the magic bytes name a format, the header gives dimensions, and the full decode reaches the last
 * row (a truncated PNG or JPEG passes the header read, not this).
 */
async function checked<T>(bytes: Uint8Array, decode: (image: Sharp, width: number, height: number) => Promise<T>): Promise<T> {
  if (!sniffFormat(bytes)) throw new CorruptImageError(`not an image in a known format (${bytes.byteLength} bytes)`);
  const image = openImage(bytes);
  try {
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new CorruptImageError("the image has no dimensions");
    return await decode(image, meta.width, meta.height);
  } catch (error) {
    if (error instanceof CorruptImageError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CorruptImageError(`the image does not decode: ${reason}`, { cause: error });
  }
}

/**
 * Proves the bytes are a whole, decodable image within the pixel cap. Raw output is the cheapest full
 * decode (~12 ms for a 1024² PNG; libvips' stats pass takes ~45 ms); its buffer is bounded by the pixel
 * cap and dropped at once.
 */
export function verifyImage(bytes: Uint8Array): Promise<VerifiedImage> {
  return checked(bytes, async (image, width, height) => {
    await image.raw().toBuffer();
    return { width, height };
  });
}

/**
 * Proves the bytes whole as verifyImage does and, from the same decode, makes the 384 px thumbnail and
 * its placeholder: decoding a 1024² image twice (once to verify, once later to thumbnail) was the largest
 * CPU cost of a generation in the gateway.
 */
export function verifyWithThumbnail(bytes: Uint8Array): Promise<VerifiedWithThumbnail> {
  return checked(bytes, async (image, width, height) => ({ width, height, thumbnail: await thumbnailOf(image, width, height) }));
}

/**
 * Splits a provider's images into those that verify (each with the thumbnail its verification made) and
 * the reasons the others do not, keeping order.
 */
export async function keepDecodable<T extends { bytes: Uint8Array }>(images: T[]): Promise<{ kept: (T & { thumbnail: Thumbnail })[]; rejected: string[] }> {
  const checks = await Promise.all(images.map((image) => verifyWithThumbnail(image.bytes).then((v) => v.thumbnail, (error: Error) => error.message)));
  const kept = images.flatMap((image, i) => {
    const check = checks[i]!;
    return typeof check === "string" ? [] : [{ ...image, thumbnail: check }];
  });
  return { kept, rejected: checks.filter((check): check is string => typeof check === "string") };
}

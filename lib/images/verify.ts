import { openImage } from "./open";
import { checkPng, CorruptImageError } from "./png-check.mjs";
import { knownCheck } from "./checked-elsewhere";
import { sniffFormat } from "./sniff";

export interface VerifiedImage {
  width: number;
  height: number;
}

/**
 * A full decode of a format without checksums: the magic bytes name it, the header gives dimensions
 * within the pixel cap, and raw output (the cheapest full decode) reaches the last row, which a truncated
 * JPEG or WebP does not.
 */
async function decodeWhole(bytes: Uint8Array): Promise<VerifiedImage> {
  const image = openImage(bytes);
  try {
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new CorruptImageError("the image has no dimensions");
    await image.raw().toBuffer();
    return { width: meta.width, height: meta.height };
  } catch (error) {
    if (error instanceof CorruptImageError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CorruptImageError(`the image does not decode: ${reason}`, { cause: error });
  }
}

/**
 * Proves the bytes are a whole image within the pixel cap and gives its size. A PNG (what most providers
 * send) is proven by its chunk checksums (png-check.mjs) without inflating a row, on the request thread
 * that decoded it when one did (checked-elsewhere.ts); other formats carry no checksum and are decoded. Thumbnails are made when first viewed (services/thumbnails), not here.
 */
export async function verifyImage(bytes: Uint8Array): Promise<VerifiedImage> {
  const checked = knownCheck(bytes);
  if (checked) {
    if ("error" in checked) throw new CorruptImageError(checked.error);
    return checked;
  }
  const format = sniffFormat(bytes);
  if (!format) throw new CorruptImageError(`not an image in a known format (${bytes.byteLength} bytes)`);
  return format === "png" ? checkPng(bytes) : decodeWhole(bytes);
}

/** Splits a provider's images into those that verify (each with its size) and the reasons the others do not, keeping order. */
export async function keepDecodable<T extends { bytes: Uint8Array }>(images: T[]): Promise<{ kept: (T & VerifiedImage)[]; rejected: string[] }> {
  const checks = await Promise.all(images.map((image) => verifyImage(image.bytes).catch((error: Error) => error.message)));
  const kept = images.flatMap((image, i) => {
    const check = checks[i]!;
    return typeof check === "string" ? [] : [{ ...image, ...check }];
  });
  return { kept, rejected: checks.filter((check): check is string => typeof check === "string") };
}

import sharp, { type Sharp } from "sharp";
import { openImage } from "./open";

export const THUMBNAIL_EDGE = 384;

export interface Thumbnail {
  bytes: Buffer;
  width: number;
  height: number;
  /** A ~16 px webp as a data URL: shown while the thumbnail loads, so nothing jumps. */
  placeholder: string;
}

/**
 * The thumbnail's size, known from the image's size alone (fit inside the edge, never enlarged), so the
 * row can carry it before the thumbnail exists and layouts never shift when it arrives.
 */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_EDGE / width, THUMBNAIL_EDGE / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The thumbnail of an opened image of the given size, in one decode of the full image: the pipeline
 * decodes and shrinks it to raw pixels at the thumbnail's size, from which the webp and the placeholder
 * are both encoded (drawing the placeholder from the encoded webp took a second decode).
 */
async function thumbnailOf(image: Sharp, width: number, height: number): Promise<Thumbnail> {
  const size = thumbnailSize(width, height);
  const { data, info } = await image.resize(size.width, size.height, { fit: "fill" }).raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const [bytes, tiny] = await Promise.all([
    pixels().webp({ quality: 70, effort: 2 }).toBuffer(),
    pixels().resize(16, 16, { fit: "inside" }).webp({ quality: 40 }).toBuffer(),
  ]);
  return { bytes, ...size, placeholder: `data:image/webp;base64,${tiny.toString("base64")}` };
}

/** A webp thumbnail of exactly thumbnailSize() and a tiny placeholder. */
export async function makeThumbnail(bytes: Uint8Array): Promise<Thumbnail> {
  const image = openImage(bytes);
  const meta = await image.metadata();
  if (!meta.width || !meta.height) throw new Error("image has no dimensions");
  return thumbnailOf(image, meta.width, meta.height);
}

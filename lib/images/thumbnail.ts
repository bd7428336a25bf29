import sharp from "sharp";

export const THUMBNAIL_EDGE = 384;

export interface Thumbnail {
  bytes: Buffer;
  width: number;
  height: number;
  /** A ~16 px webp as a data URL: shown while the thumbnail loads, so nothing jumps. */
  placeholder: string;
}

/** A webp thumbnail and a tiny placeholder, made once when the image is written. */
export async function makeThumbnail(bytes: Uint8Array): Promise<Thumbnail> {
  const { data, info } = await sharp(bytes)
    .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 70, effort: 2 })
    .toBuffer({ resolveWithObject: true });
  const tiny = await sharp(data).resize(16, 16, { fit: "inside" }).webp({ quality: 40 }).toBuffer();
  return { bytes: data, width: info.width, height: info.height, placeholder: `data:image/webp;base64,${tiny.toString("base64")}` };
}

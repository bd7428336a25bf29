import "server-only";
import sharp from "sharp";
import { formatInfotext, type ImageSettings } from "./metadata-infotext";
import { isPng } from "./metadata-read";
import { writePngText } from "./metadata-png";
import { xmpPacket } from "./metadata-xmp";

export type { ImageSettings } from "./metadata-infotext";
export { readImageSettings } from "./metadata-read";

/**
 * The image with its settings written in (DARKROOM_EMBED_METADATA, or `embed_metadata: true` per request):
 * PNG gets A1111's `parameters` text chunk plus a `darkroom` JSON chunk; JPEG, WebP and AVIF get an XMP
 * packet (sharp re-encodes them, at the highest quality, since it cannot add XMP without encoding). GIF is
 * returned unchanged: it has no standard place for it.
 */
export async function embedMetadata(bytes: Uint8Array, format: string, settings: ImageSettings): Promise<Uint8Array> {
  const infotext = formatInfotext(settings);
  if (format === "png" && isPng(bytes)) return writePngText(bytes, { parameters: infotext, darkroom: JSON.stringify(settings) });
  const xmp = xmpPacket(settings, infotext);
  const image = sharp(bytes).withXmp(xmp).keepIccProfile();
  if (format === "jpeg") return image.jpeg({ quality: 100 }).toBuffer();
  if (format === "webp") return image.webp({ quality: 100 }).toBuffer();
  if (format === "avif") return image.avif({ quality: 100 }).toBuffer();
  return bytes;
}

import { openImage } from "./open";
import type { OutputFormat } from "@/lib/params/request-schema";

/**
 * Encoder settings for the request path, chosen from measurements on 2 cores (`npm run bench`): AVIF at
 * libvips' default effort takes seconds, at effort 2 ~0.7 s and at effort 1 ~0.15 s for a file no larger;
 * GIF's default palette search takes ~8 s per megapixel.
 */
export async function convertImage(bytes: Uint8Array, format: OutputFormat, compression?: number): Promise<Buffer> {
  const image = openImage(bytes);
  switch (format) {
    case "png":
      return image.png({ compressionLevel: 6 }).toBuffer();
    case "jpeg":
      return image.jpeg({ quality: compression ?? 85, mozjpeg: false }).toBuffer();
    case "webp":
      return image.webp({ quality: compression ?? 80, effort: 2 }).toBuffer();
    case "avif":
      return image.avif({ quality: compression ?? 55, effort: 1 }).toBuffer();
    case "gif":
      return image.gif({ effort: 1 }).toBuffer();
  }
}

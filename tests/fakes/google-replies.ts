/** Google's JSON error envelope and the cached solid images the Google fakes answer with. */
import { solidImage as renderImage } from "./fake-server";

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const googleError = (status: number, googleStatus: string, message: string, details?: unknown[]): Reply => ({
  status,
  body: { error: { code: status, message, status: googleStatus, ...(details ? { details } : {}) } },
});

export const invalid = (message: string) => googleError(400, "INVALID_ARGUMENT", message);

const imageCache = new Map<string, Promise<Buffer>>();

/** A solid blue image, rendered once per size, format and quality. */
export function solidImage(width: number, height: number, format: "png" | "jpeg", quality = 75): Promise<Buffer> {
  const key = `${width}x${height}.${format}.${quality}`;
  let image = imageCache.get(key);
  if (!image) {
    image = renderImage(width, height, format, { r: 40, g: 90, b: 160 }, format === "png" ? undefined : Math.max(1, quality));
    imageCache.set(key, image);
  }
  return image;
}

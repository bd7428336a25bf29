import sharp, { type Sharp } from "sharp";
import { MAX_IMAGE_PIXELS } from "./png-check.mjs";

export { MAX_IMAGE_PIXELS };

/**
 * Every place that decodes image bytes opens them here, so the pixel cap holds on every path (storing,
 * converting, thumbnailing). `failOn: "error"` rejects truncated and corrupt data instead of padding it.
 */
export function openImage(bytes: Uint8Array): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" });
}

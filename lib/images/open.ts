import sharp, { type Sharp } from "sharp";

/**
 * The largest image the gateway decodes: 4K at the widest catalog ratio is ~17 MP, so 40 MP leaves room
 * while a hostile 16000×16000 PNG (747 KB on the wire, 1 GB of pixels) is refused from its header.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/**
 * Every place that decodes image bytes opens them here, so the pixel cap holds on every path (storing,
 * converting, thumbnailing). `failOn: "error"` rejects truncated and corrupt data instead of padding it.
 */
export function openImage(bytes: Uint8Array): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" });
}

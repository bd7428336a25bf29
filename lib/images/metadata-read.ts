// Reads settings back from an image file; browser-safe (the playground restores a dropped image with it).
import { parseInfotext, type ImageSettings } from "./metadata-infotext";
import { readPngText } from "./metadata-png";
import { readXmp } from "./metadata-xmp";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
export const isPng = (bytes: Uint8Array) => PNG_SIGNATURE.every((b, i) => bytes[i] === b);

/** Settings found in an image: Darkroom's own first, then A1111's `parameters`; null when it has none. */
export function readImageSettings(bytes: Uint8Array): ImageSettings | null {
  if (isPng(bytes)) {
    const text = readPngText(bytes);
    if (text.darkroom) {
      try {
        return JSON.parse(text.darkroom) as ImageSettings;
      } catch {
        // A damaged darkroom chunk: fall back to the infotext.
      }
    }
    return text.parameters ? parseInfotext(text.parameters) : null;
  }
  return readXmp(bytes);
}

import type { OutputFormat } from "@/lib/params/request-schema";

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

/** The format of an image from its magic bytes: providers' declared media types are not trusted. */
export function sniffFormat(bytes: Uint8Array): OutputFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return "gif";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
    const brand = String.fromCharCode(...bytes.slice(8, 12));
    if (brand === "avif" || brand === "avis") return "avif";
  }
  return undefined;
}

export const MEDIA_TYPES: Record<OutputFormat, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
};

export const EXTENSIONS: Record<OutputFormat, string> = { png: "png", jpeg: "jpg", gif: "gif", webp: "webp", avif: "avif" };

export function formatFromExtension(ext: string): OutputFormat | undefined {
  const lower = ext.toLowerCase();
  if (lower === "jpg" || lower === "jpeg") return "jpeg";
  return (["png", "gif", "webp", "avif"] as const).find((f) => f === lower);
}

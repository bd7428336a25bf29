import sharp from "sharp";

/** Drafts of a finished image for partial_images: blurred, then less so, as a streaming model's would be. */
export async function simulatedDrafts(final: Uint8Array, count: number): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => sharp(final).blur(24 / (i + 1)).png({ compressionLevel: 6 }).toBuffer()));
}

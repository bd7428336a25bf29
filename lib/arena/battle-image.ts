import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { notFound } from "@/lib/generation/errors";
import { findImage } from "@/lib/db/generations";
import { openImage } from "@/lib/images/open";
import { serverContext } from "@/lib/server/context";
import { battleImageIds } from "./battles";

/**
 * One side's image for the voter, addressed by battle and side only, and made indistinguishable by its
 * file: re-encoded as PNG (sharp drops EXIF, XMP and C2PA manifests, and a provider's own format would hint
 * at it) at the dimensions both sides share (a provider's native size would too).
 */
export async function battleImage(input: { id: string; side: "left" | "right"; viewer?: Viewer }): Promise<{ bytes: Buffer; format: "png" }> {
  const ids = await battleImageIds(input);
  const [left, right] = await Promise.all([findImage({ id: ids.left }), findImage({ id: ids.right })]);
  if (!left || !right) throw notFound(`Battle '${input.id}' has no ${input.side} image any more`, "id", "battle_not_found");
  const files = await Promise.all([left, right].map((image) => serverContext().storage.read(image.storageKey)));
  const sizes = await Promise.all(files.map((file) => openImage(file).metadata()));
  const width = Math.min(...sizes.map((s) => s.width));
  const height = Math.min(...sizes.map((s) => s.height));
  const own = input.side === "left" ? 0 : 1;
  let pipeline = openImage(files[own]!);
  if (sizes[own]!.width !== width || sizes[own]!.height !== height) pipeline = pipeline.resize(width, height, { fit: "cover" });
  return { bytes: await pipeline.png().toBuffer(), format: "png" };
}

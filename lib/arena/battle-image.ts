import "server-only";
import sharp from "sharp";
import { notFound } from "@/lib/generation/errors";
import { findImage } from "@/lib/db/generations";
import type { OutputFormat } from "@/lib/params/request-schema";
import { serverContext } from "@/lib/server/context";
import { battleImageId } from "./battles";

/**
 * One side's image for the voter, addressed by battle and side only. Re-encoded because sharp drops all
 * metadata by default: a provider's EXIF, XMP or C2PA manifest would name the model before the vote.
 */
export async function battleImage(input: { id: string; side: "left" | "right" }): Promise<{ bytes: Buffer; format: OutputFormat }> {
  const image = await findImage({ id: await battleImageId(input) });
  if (!image) throw notFound(`Battle '${input.id}' has no ${input.side} image any more`, "id", "battle_not_found");
  const stored = await serverContext().storage.read(image.storageKey);
  const format = image.format as OutputFormat;
  const bytes = await sharp(stored, { animated: format === "gif" || format === "webp" }).toFormat(format).toBuffer();
  return { bytes, format };
}

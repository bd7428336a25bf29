import "server-only";
import { newId } from "@/lib/ids";
import { convertImage, imageInfo } from "@/lib/images/convert";
import { EXTENSIONS, sniffFormat } from "@/lib/images/sniff";
import { makeThumbnail } from "@/lib/images/thumbnail";
import { planOutputFormat } from "@/lib/params/output-format";
import type { OutputFormat } from "@/lib/params/request-schema";
import type { Warning } from "@/lib/params/warning";
import type { RoutedImage } from "@/lib/router/route";
import type { LocalStorage } from "@/lib/storage/local-storage";
import type { NewImage } from "@/lib/db/generations";

export interface StoredImage extends NewImage {
  data: Buffer;
  producedFormat: OutputFormat;
}

/**
 * Delivers one provider image: checks it really is an image, converts it to the requested format when the
 * provider made another one, and writes it plus its thumbnail to storage.
 */
export async function storeImage(
  image: RoutedImage,
  wanted: { format?: OutputFormat; compression?: number },
  storage: LocalStorage,
  warnings: Warning[],
): Promise<StoredImage> {
  const produced = sniffFormat(image.bytes);
  if (!produced) throw new Error(`${image.offer.provider} returned bytes that are not an image (${image.mediaType})`);
  const { width, height } = await imageInfo(image.bytes);
  const plan = planOutputFormat(wanted.format, produced, width, height);
  if (plan.warning) warnings.push({ type: "adjusted", param: "output_format", message: plan.warning });
  const recompress = wanted.compression !== undefined && plan.format !== "png" && plan.format !== "gif";
  const data =
    plan.format !== produced || recompress
      ? await convertImage(image.bytes, plan.format, wanted.compression)
      : Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
  const [storageKey, thumbnail] = await Promise.all([storage.put(data, EXTENSIONS[plan.format]), makeThumbnail(data)]);
  const thumbnailKey = await storage.put(thumbnail.bytes, "webp");
  return {
    id: newId("img"),
    index: image.index,
    seed: image.seed ?? null,
    width,
    height,
    format: plan.format,
    bytes: data.byteLength,
    storageKey,
    thumbnailKey,
    thumbWidth: thumbnail.width,
    thumbHeight: thumbnail.height,
    placeholder: thumbnail.placeholder,
    revisedPrompt: image.revisedPrompt,
    data,
    producedFormat: produced,
  };
}

import "server-only";
import { newId } from "@/lib/ids";
import { convertImage, imageInfo } from "@/lib/images/convert";
import { embedMetadata, type ImageSettings } from "@/lib/images/metadata";
import { EXTENSIONS, sniffFormat } from "@/lib/images/sniff";
import { thumbnailSize } from "@/lib/images/thumbnail";
import { planOutputFormat } from "@/lib/params/output-format";
import type { OutputFormat } from "@/lib/params/request-schema";
import type { Warning } from "@/lib/params/warning";
import type { RoutedImage } from "@/lib/router/route";
import type { ImageStorage } from "@/lib/storage/storage";
import type { NewImage } from "@/lib/db/generations";

export interface StoredImage extends NewImage {
  data: Buffer;
  /** The provider's base64 of `data`, when it sent it and nothing was converted. */
  base64?: string;
  producedFormat: OutputFormat;
}

/**
 * Delivers one provider image: checks it really is an image, converts it to the requested format when the
 * provider made another one, and writes it to storage. Its thumbnail is made later (services/thumbnails).
 */
export async function storeImage(
  image: RoutedImage,
  wanted: { format?: OutputFormat; compression?: number; settings?: ImageSettings },
  storage: ImageStorage,
  warnings: Warning[],
): Promise<StoredImage> {
  const produced = sniffFormat(image.bytes);
  if (!produced) throw new Error(`${image.offer.provider} returned bytes that are not an image (${image.mediaType})`);
  const { width, height } = await imageInfo(image.bytes);
  const plan = planOutputFormat(wanted.format, produced, width, height);
  if (plan.warning) warnings.push({ type: "adjusted", param: "output_format", message: plan.warning });
  const recompress = wanted.compression !== undefined && plan.format !== "png" && plan.format !== "gif";
  const converted = plan.format !== produced || recompress;
  const plain = converted
    ? await convertImage(image.bytes, plan.format, wanted.compression)
    : Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
  const embedded = wanted.settings
    ? Buffer.from(await embedMetadata(plain, plan.format, { ...wanted.settings, seed: image.seed ?? undefined, size: `${width}x${height}`, provider: image.offer.provider }))
    : undefined;
  const data = embedded ?? plain;
  const storageKey = await storage.put(data, EXTENSIONS[plan.format]);
  const thumb = thumbnailSize(width, height);
  return {
    id: newId("img"),
    index: image.index,
    seed: image.seed ?? null,
    width,
    height,
    format: plan.format,
    bytes: data.byteLength,
    storageKey,
    thumbnailKey: null,
    thumbWidth: thumb.width,
    thumbHeight: thumb.height,
    placeholder: null,
    revisedPrompt: image.revisedPrompt,
    data,
    ...(!converted && !embedded && image.base64 ? { base64: image.base64 } : {}),
    producedFormat: produced,
  };
}

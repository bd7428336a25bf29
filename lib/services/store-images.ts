import "server-only";
import { newId } from "@/lib/ids";
import { convertImage, imageInfo } from "@/lib/images/convert";
import { embedMetadata, type ImageSettings } from "@/lib/images/metadata";
import { EXTENSIONS, sniffFormat } from "@/lib/images/sniff";
import { thumbnailSize } from "@/lib/images/thumbnail";
import { knownSha256 } from "@/lib/providers/shared/base64";
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
 * provider made another one, and writes it and its thumbnail to storage.
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
  // The request thread hashed the provider's bytes already: unchanged, they are stored under that hash.
  const hashed = !converted && !embedded ? knownSha256(image.bytes) : undefined;
  const writeImage = hashed
    ? storage.putAt(`${hashed}.${EXTENSIONS[plan.format]}`, data).then(() => `${hashed}.${EXTENSIONS[plan.format]}`)
    : storage.put(data, EXTENSIONS[plan.format]);
  // The verification decode made the thumbnail (lib/images/verify): it is written with the image, so
  // the row is complete at once and the background filler only ever sees images from before that.
  const [storageKey, thumbnailKey] = await Promise.all([writeImage, image.thumbnail ? storage.put(image.thumbnail.bytes, "webp") : null]);
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
    thumbnailKey,
    thumbWidth: thumb.width,
    thumbHeight: thumb.height,
    placeholder: image.thumbnail?.placeholder ?? null,
    revisedPrompt: image.revisedPrompt,
    data,
    ...(!converted && !embedded && image.base64 ? { base64: image.base64 } : {}),
    producedFormat: produced,
  };
}

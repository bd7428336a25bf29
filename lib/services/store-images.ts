import "server-only";
import { newId } from "@/lib/ids";
import type { Base64Text } from "@/lib/images/base64-text";
import { convertImage } from "@/lib/images/convert";
import { embedMetadata, type ImageSettings } from "@/lib/images/metadata";
import { EXTENSIONS, sniffFormat } from "@/lib/images/sniff";
import { thumbnailSize } from "@/lib/images/thumbnail";
import { base64Of, knownSha256 } from "@/lib/providers/shared/base64";
import { planOutputFormat } from "@/lib/params/output-format";
import type { OutputFormat } from "@/lib/params/request-schema";
import type { Warning } from "@/lib/params/warning";
import type { RoutedImage } from "@/lib/router/route";
import type { ImageStorage } from "@/lib/storage/storage";
import type { NewImage } from "@/lib/db/generations";

export interface StoredImage extends NewImage {
  /** The provider's own bytes when nothing was converted (its base64 is reused: providers/shared/base64). */
  data: Buffer;
  producedFormat: OutputFormat;
}

/** A stored image's base64: the provider's own text when its bytes were stored unchanged, else encoded now. */
export const storedBase64 = (image: StoredImage): Base64Text => base64Of(image.data);

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * Delivers one provider image: checks it really is an image, converts it to the requested format when the
 * provider made another one, and writes it to storage. Its thumbnail is made when first viewed
 * (services/thumbnails): the API's callers mostly never look at one.
 */
export async function storeImage(
  image: RoutedImage,
  wanted: { format?: OutputFormat; compression?: number; settings?: ImageSettings },
  storage: ImageStorage,
  warnings: Warning[],
): Promise<StoredImage> {
  const produced = sniffFormat(image.bytes);
  if (!produced) throw new Error(`${image.offer.provider} returned bytes that are not an image (${image.mediaType})`);
  const { width, height } = image;
  const plan = planOutputFormat(wanted.format, produced, width, height);
  if (plan.warning) warnings.push({ type: "adjusted", param: "output_format", message: plan.warning });
  const recompress = wanted.compression !== undefined && plan.format !== "png" && plan.format !== "gif";
  const converted = plan.format !== produced || recompress;
  const plain = converted
    ? await convertImage(image.bytes, plan.format, wanted.compression)
    : asBuffer(image.bytes);
  const embedded = wanted.settings
    ? Buffer.from(await embedMetadata(plain, plan.format, { ...wanted.settings, seed: image.seed ?? undefined, size: `${width}x${height}`, provider: image.offer.provider }))
    : undefined;
  const data = embedded ?? plain;
  // The request thread hashed the provider's bytes already: unchanged, they are stored under that hash.
  const hashed = !converted && !embedded ? knownSha256(image.bytes) : undefined;
  const writeImage = hashed
    ? storage.putAt(`${hashed}.${EXTENSIONS[plan.format]}`, data).then(() => `${hashed}.${EXTENSIONS[plan.format]}`)
    : storage.put(data, EXTENSIONS[plan.format]);
  const storageKey = await writeImage;
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
    producedFormat: produced,
  };
}

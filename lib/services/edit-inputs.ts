import "server-only";
import { canAccess, type Viewer } from "@/lib/auth/viewer";
import { findGenerationOwner, findImage } from "@/lib/db/generations";
import { invalidRequest } from "@/lib/generation/errors";
import { MAX_IMAGE_PIXELS, openImage } from "@/lib/images/open";
import { EXTENSIONS, MEDIA_TYPES, sniffFormat } from "@/lib/images/sniff";
import type { EditImage } from "@/lib/providers/types";
import type { ImageStorage } from "@/lib/storage/storage";

/** One input picture: fresh bytes (an upload, a canvas export) or a stored gallery image by id. */
export type EditImageRef = { bytes: Uint8Array; name?: string } | { imageId: string };

export const EDIT_LIMITS = {
  /** OpenAI's limit for GPT image models. */
  maxImages: 16,
  /** Per picture, as OpenAI's for GPT image models. */
  maxImageBytes: 50 * 1024 * 1024,
  maxPixels: MAX_IMAGE_PIXELS,
} as const;

const INPUT_FORMATS = ["png", "jpeg", "webp"] as const;
type InputFormat = (typeof INPUT_FORMATS)[number];

/** A checked input picture, written to storage under its content hash. */
export interface LoadedInput extends EditImage {
  format: InputFormat;
  storageKey: string;
  sha256: string;
  sourceImageId: string | null;
  sourceGenerationId: string | null;
}

export interface CheckedImage {
  format: InputFormat;
  width: number;
  height: number;
  hasAlpha: boolean;
}

/** The checks every uploaded picture passes: a real png, jpeg or webp, under the byte and pixel caps. */
export async function checkEditImage(bytes: Uint8Array, param: string, maxBytes: number = EDIT_LIMITS.maxImageBytes): Promise<CheckedImage> {
  if (bytes.byteLength === 0) throw invalidRequest(`${param} is empty`, param, "invalid_image");
  if (bytes.byteLength > maxBytes) {
    throw invalidRequest(`${param} is ${bytes.byteLength} bytes; each image may be at most ${maxBytes} bytes`, param, "image_too_large");
  }
  const sniffed = sniffFormat(bytes);
  const format = INPUT_FORMATS.find((f) => f === sniffed);
  if (!format) {
    const what = sniffed ? `a ${sniffed} image` : "not an image";
    throw invalidRequest(`${param} is ${what}; send a png, jpeg or webp file`, param, "invalid_image_type");
  }
  let meta: { width?: number; height?: number; hasAlpha?: boolean };
  try {
    meta = await openImage(bytes).metadata();
  } catch (error) {
    const tooLarge = error instanceof Error && /pixel limit/i.test(error.message);
    if (tooLarge) throw invalidRequest(`${param} has more than ${EDIT_LIMITS.maxPixels} pixels`, param, "image_too_large");
    throw invalidRequest(`${param} could not be decoded as ${format}`, param, "invalid_image");
  }
  const { width, height } = meta;
  if (!width || !height) throw invalidRequest(`${param} has no dimensions`, param, "invalid_image");
  if (width * height > EDIT_LIMITS.maxPixels) {
    throw invalidRequest(`${param} is ${width}x${height}; images may have at most ${EDIT_LIMITS.maxPixels} pixels`, param, "image_too_large");
  }
  return { format, width, height, hasAlpha: meta.hasAlpha ?? false };
}

/** The mask's own rules: a png with an alpha channel, the first image's size. */
export function checkMask(mask: CheckedImage, first: { width: number; height: number }): void {
  if (mask.format !== "png") throw invalidRequest(`mask must be a png (with transparency marking the area to change), not ${mask.format}`, "mask", "invalid_mask");
  if (!mask.hasAlpha) throw invalidRequest("mask has no alpha channel: its fully transparent pixels mark the area to change", "mask", "invalid_mask");
  if (mask.width !== first.width || mask.height !== first.height) {
    throw invalidRequest(`mask is ${mask.width}x${mask.height} but the image is ${first.width}x${first.height}; they must be the same size`, "mask", "mask_size_mismatch");
  }
}

/** A gallery image the viewer may open; one they may not is answered as if it did not exist. */
async function galleryImage(id: string, viewer: Viewer) {
  const image = await findImage({ id });
  if (!image) return undefined;
  const owner = await findGenerationOwner({ id: image.generationId });
  return owner && canAccess(viewer, owner) ? image : undefined;
}

async function bytesOf(ref: EditImageRef, param: string, ctx: LoadContext): Promise<{ bytes: Uint8Array; sourceImageId: string | null; sourceGenerationId: string | null }> {
  if ("bytes" in ref) return { bytes: ref.bytes, sourceImageId: null, sourceGenerationId: null };
  const image = await galleryImage(ref.imageId, ctx.viewer);
  if (!image) throw invalidRequest(`${param}: image ${ref.imageId.slice(0, 100)} does not exist (it may have been deleted or purged)`, param, "image_not_found");
  return { bytes: await ctx.storage.read(image.storageKey), sourceImageId: image.id, sourceGenerationId: image.generationId };
}

type Checked = Omit<LoadedInput, "storageKey" | "sha256"> & { hasAlpha: boolean };

/** Where pictures are read from and written to, and who asks (gallery ids are checked against them). */
export interface LoadContext {
  storage: ImageStorage;
  viewer: Viewer;
}

async function loadOne(ref: EditImageRef, param: string, ctx: LoadContext): Promise<Checked> {
  const { bytes, ...source } = await bytesOf(ref, param, ctx);
  const checked = await checkEditImage(bytes, param);
  return { ...checked, ...source, bytes, mediaType: MEDIA_TYPES[checked.format] as EditImage["mediaType"] };
}

async function store({ hasAlpha: _alpha, ...input }: Checked, storage: ImageStorage): Promise<LoadedInput> {
  const storageKey = await storage.put(input.bytes, EXTENSIONS[input.format]);
  return { ...input, storageKey, sha256: storageKey.slice(0, 64) };
}

/** Checks, then stores, an edit's pictures; every problem is a 400 naming the field, before anything is written. */
export async function loadEditInputs(images: EditImageRef[], mask: EditImageRef | undefined, ctx: LoadContext): Promise<{ images: LoadedInput[]; mask?: LoadedInput }> {
  if (images.length === 0) throw invalidRequest("image is required: send the picture to edit (image, or image[] for several)", "image", "missing_image");
  if (images.length > EDIT_LIMITS.maxImages) {
    throw invalidRequest(`${images.length} images were sent; at most ${EDIT_LIMITS.maxImages} are accepted`, "image", "too_many_images");
  }
  const checked: Checked[] = [];
  // One at a time: each may be 50 MB, and a bad one stops the rest from being decoded at all.
  for (const [index, ref] of images.entries()) checked.push(await loadOne(ref, images.length === 1 ? "image" : `image[${index}]`, ctx));
  const checkedMask = mask ? await loadOne(mask, "mask", ctx) : undefined;
  if (checkedMask) checkMask(checkedMask, checked[0]!);
  const stored = await Promise.all(checked.map((input) => store(input, ctx.storage)));
  return { images: stored, ...(checkedMask ? { mask: await store(checkedMask, ctx.storage) } : {}) };
}

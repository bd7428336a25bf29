import "server-only";
import { EXTENSIONS, formatFromExtension, MEDIA_TYPES } from "@/lib/images/sniff";
import type { OutputFormat } from "@/lib/params/request-schema";
import { serverContext } from "@/lib/server/context";
import { imageForFile, wasPurged } from "@/lib/services/file-lookup";
import { ConversionsBusyError, variantFor } from "@/lib/services/image-variants";
import { thumbnailFor } from "@/lib/services/thumbnails";
import { ApiError, invalidRequest, notFound } from "../errors";
import { apiRoute } from "../http";

// Images are content-addressed and never change, so caches may keep them forever.
const IMMUTABLE = "public, max-age=31536000, immutable";

function parseFile(file: string): { id: string; format: OutputFormat } {
  const match = /^(img_[a-z0-9]+)\.([a-z0-9]+)$/i.exec(file);
  const format = match ? formatFromExtension(match[2]!) : undefined;
  if (!match || !format) throw invalidRequest(`'${file}' is not an image file name (img_….png, .jpg, .webp, .gif or .avif)`, "file");
  return { id: match[1]!, format };
}

/** A missing image is 410 when retention or a purge removed it (the URL was real), 404 otherwise. */
async function missingImage(id: string, message: string): Promise<ApiError> {
  if (await wasPurged(id)) return new ApiError(410, `Image ${id} is no longer stored (retention or purge)`, "invalid_request_error", "file", "image_purged");
  return notFound(message, "file", "image_not_found");
}

/**
 * Streams a stored object (or, with DARKROOM_STORAGE_REDIRECT on a bucket, redirects to a presigned URL);
 * a row whose file is gone (or is not a regular file) is a 404, not a 500.
 */
async function serveStored(key: string, contentType: string, id: string, attachment?: string): Promise<Response> {
  const { storage } = serverContext();
  const signed = await storage.redirectUrl?.(key, { contentType, ...(attachment ? { filename: attachment } : {}) });
  if (signed) return new Response(null, { status: 302, headers: { location: signed, "cache-control": "private, max-age=60" } });
  const stored = await storage.open(key);
  if (!stored) throw notFound(`The file of image ${id} is missing from storage`, "file", "image_file_missing");
  return new Response(stored.body, {
    headers: {
      "content-type": contentType,
      "content-length": String(stored.size),
      "cache-control": IMMUTABLE,
      ...(attachment ? { "content-disposition": `attachment; filename="${attachment}"` } : {}),
    },
  });
}

/**
 * GET /images/{id}.{ext}: the stored image; another extension gives a conversion, made once and kept.
 * AVIF beyond 1600 px follows the API's rule (the image keeps its format): a redirect to that file.
 */
export const getImageFile = apiRoute<{ file: string }>(async (req, _ctx, { file }) => {
  const { id, format } = parseFile(file);
  const image = await imageForFile(id);
  if (!image) throw await missingImage(id, `Image ${id} does not exist (it may have been deleted)`);
  const { search, searchParams } = new URL(req.url);
  const variant = await variantFor(image, format, serverContext().storage).catch((error: unknown) => {
    if (!(error instanceof ConversionsBusyError)) throw error;
    const seconds = String(Math.ceil(error.retryAfterMs / 1000));
    throw new ApiError(503, `Too many conversions in progress (${error.message}); retry shortly`, "service_unavailable", null, "conversions_busy", {}, { "retry-after": seconds });
  });
  const name = `${id}.${EXTENSIONS[variant.format]}`;
  if (variant.kind === "kept") {
    return new Response(null, { status: 307, headers: { location: `${name}${search}`, "x-darkroom-warning": variant.warning } });
  }
  return serveStored(variant.key, MEDIA_TYPES[variant.format], id, searchParams.has("download") ? name : undefined);
});

/** GET /images/thumbs/{id}.webp: the thumbnail, made by its first view (services/thumbnails). */
export const getThumbnailFile = apiRoute<{ file: string }>(async (_req, _ctx, { file }) => {
  const { id } = parseFile(file);
  const image = await imageForFile(id);
  if (!image) throw await missingImage(id, `Image ${id} does not exist`);
  return serveStored(await thumbnailFor(image), "image/webp", id);
});

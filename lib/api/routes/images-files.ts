import "server-only";
import { findImage } from "@/lib/db/generations";
import { convertImage } from "@/lib/images/convert";
import { EXTENSIONS, formatFromExtension, MEDIA_TYPES } from "@/lib/images/sniff";
import type { OutputFormat } from "@/lib/params/request-schema";
import { serverContext } from "@/lib/server/context";
import { thumbnailFor } from "@/lib/services/thumbnails";
import { invalidRequest, notFound } from "../errors";
import { apiRoute } from "../http";

// Images are content-addressed and never change, so caches may keep them forever.
const IMMUTABLE = "public, max-age=31536000, immutable";

function parseFile(file: string): { id: string; format: OutputFormat } {
  const match = /^(img_[a-z0-9]+)\.([a-z0-9]+)$/i.exec(file);
  const format = match ? formatFromExtension(match[2]!) : undefined;
  if (!match || !format) throw invalidRequest(`'${file}' is not an image file name (img_….png, .jpg, .webp, .gif or .avif)`, "file");
  return { id: match[1]!, format };
}

/** GET /images/{id}.{ext}: the stored image; another extension converts it (download in a chosen format). */
export const getImageFile = apiRoute<{ file: string }>(async (req, _ctx, { file }) => {
  const { id, format } = parseFile(file);
  const image = await findImage({ id });
  if (!image) throw notFound(`Image ${id} does not exist (it may have been deleted)`, "file", "image_not_found");
  const { storage } = serverContext();
  const stored = await storage.read(image.storageKey);
  const bytes = format === image.format ? stored : await convertImage(stored, format);
  const download = new URL(req.url).searchParams.has("download");
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": MEDIA_TYPES[format],
      "content-length": String(bytes.byteLength),
      "cache-control": IMMUTABLE,
      ...(download ? { "content-disposition": `attachment; filename="${id}.${EXTENSIONS[format]}"` } : {}),
    },
  });
});

/** GET /images/thumbs/{id}.webp: the thumbnail, made now if the background filler has not got to it yet. */
export const getThumbnailFile = apiRoute<{ file: string }>(async (_req, _ctx, { file }) => {
  const { id } = parseFile(file);
  const image = await findImage({ id });
  if (!image) throw notFound(`Image ${id} does not exist`, "file", "image_not_found");
  const bytes = await serverContext().storage.read(await thumbnailFor(image));
  return new Response(new Uint8Array(bytes), { headers: { "content-type": "image/webp", "cache-control": IMMUTABLE } });
});

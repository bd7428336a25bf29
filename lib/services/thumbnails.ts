import "server-only";
import { setThumbnail, thumbnailInUse, type ThumbnailSource } from "@/lib/db/thumbnails";
import { makeThumbnail } from "@/lib/images/thumbnail";
import { serverContext } from "@/lib/server/context";
import { undecodableImage } from "./undecodable-image";

/**
 * Thumbnails are made when first viewed, not when an image is stored: making one decodes the whole
 * image (15–30 ms of CPU for 1024²), most images the API stores are never shown in the studio, and the
 * gallery's lazy-loaded tiles ask for theirs ahead of scroll. The first view also records the tiny
 * placeholder that later pages show while a thumbnail loads. Two instances viewing one new image at once
 * both make it; storage is content-addressed, so they write the same file and the row takes it once.
 */
interface State {
  /** Thumbnails being made, by image file: two views of one new image make it once. */
  making: Map<string, Promise<string>>;
}

// On globalThis: every route bundle has its own copy of this module and must share one map.
const state = ((globalThis as { darkroomThumbnails?: State }).darkroomThumbnails ??= { making: new Map() });

/** The image's thumbnail key, making the thumbnail now when it does not exist yet. */
export function thumbnailFor(image: ThumbnailSource): Promise<string> {
  if (image.thumbnailKey) return Promise.resolve(image.thumbnailKey);
  let work = state.making.get(image.storageKey);
  if (!work) {
    work = make(image.storageKey).finally(() => state.making.delete(image.storageKey));
    state.making.set(image.storageKey, work);
  }
  return work;
}

async function make(storageKey: string): Promise<string> {
  const { storage } = serverContext();
  const source = await storage.read(storageKey);
  const thumbnail = await makeThumbnail(source).catch((error: unknown) => {
    throw undecodableImage(error);
  });
  const thumbnailKey = await storage.put(thumbnail.bytes, "webp");
  const taken = await setThumbnail({ storageKey, thumbnailKey, placeholder: thumbnail.placeholder });
  // Its images were deleted while it was being made: leave no orphan file behind.
  if (taken === 0 && !(await thumbnailInUse({ thumbnailKey }))) await storage.remove(thumbnailKey);
  return thumbnailKey;
}

import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { releaseLease } from "@/lib/db/leases";
import { imagesWithoutThumbnail, setThumbnail, thumbnailInUse, type ThumbnailSource } from "@/lib/db/thumbnails";
import { makeThumbnail } from "@/lib/images/thumbnail";
import { instanceId } from "@/lib/queue/instance";
import { serverContext } from "@/lib/server/context";
import { logger } from "@/lib/server/logger";
import { idleForMs } from "./running";

/**
 * A new image's thumbnail is made by the decode that verifies it and written with its row
 * (lib/images/verify, services/store-images). What is left here is for images without one (stored
 * before that, or whose thumbnail could not be written): the background filler makes them once no
 * generation has run for QUIET_MS, and a view of a thumbnail that is not there yet makes it on the spot.
 */
const QUIET_MS = 500;
const BATCH = 16;
// The background filler leases each image file it takes (lib/db/thumbnails): with several instances on one
// database, one of them makes each thumbnail; a lease whose instance died runs out and is taken again.
const LEASE_MS = 60_000;

interface State {
  /** Thumbnails being made, by image file: two views of one new image make it once. */
  making: Map<string, Promise<string>>;
  filling: boolean;
  again: boolean;
  /** Images whose thumbnail could not be made (unreadable file): the filler does not retry them. */
  failed: Set<string>;
}

// On globalThis: every route bundle has its own copy of this module and must share one filler.
const state = ((globalThis as { darkroomThumbnails?: State }).darkroomThumbnails ??= { making: new Map(), filling: false, again: false, failed: new Set() });


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
  const thumbnail = await makeThumbnail(await storage.read(storageKey));
  const thumbnailKey = await storage.put(thumbnail.bytes, "webp");
  const taken = await setThumbnail({ storageKey, thumbnailKey, placeholder: thumbnail.placeholder });
  // Its images were deleted while it was being made: leave no orphan file behind.
  if (taken === 0 && !(await thumbnailInUse({ thumbnailKey }))) await storage.remove(thumbnailKey);
  return thumbnailKey;
}

/** Starts the background filler (or tells the running one to look again). */
export function fillThumbnails(): void {
  if (state.filling) {
    state.again = true;
    return;
  }
  state.filling = true;
  void fill()
    .catch((error: unknown) => logger().error({ err: error }, "the thumbnail filler stopped"))
    .finally(() => {
      state.filling = false;
      if (state.again) fillThumbnails();
    });
}

/** Resolves once no generation has run for QUIET_MS. */
async function quiet(): Promise<void> {
  for (let idle = idleForMs(); idle < QUIET_MS; idle = idleForMs()) await sleep(QUIET_MS - idle);
}

async function fill(): Promise<void> {
  for (;;) {
    state.again = false;
    await quiet();
    const holder = instanceId();
    const batch = await imagesWithoutThumbnail({ take: BATCH, skip: [...state.failed], claim: { holder, ttlMs: LEASE_MS } });
    if (batch.length === 0) return;
    for (const image of batch) {
      await quiet();
      await thumbnailFor(image).catch((error: unknown) => {
        state.failed.add(image.id);
        logger().warn({ err: error, imageId: image.id }, "could not make a thumbnail");
      });
      await releaseLease({ key: `thumbnail:${image.storageKey}`, holder });
    }
  }
}

import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { StoredImage } from "./store-images";

/**
 * Where a streamed request wants each image the moment it is stored. Carried in async context so the
 * generation pipeline needs no extra parameter at every layer; outside a stream nothing listens.
 */
// On globalThis: the service that stores images may be another route bundle's copy of this module.
const holder = globalThis as { darkroomStoredImageSink?: AsyncLocalStorage<(image: StoredImage) => void> };
const sink = (holder.darkroomStoredImageSink ??= new AsyncLocalStorage<(image: StoredImage) => void>());

export const withStoredImageSink = <T>(onStored: (image: StoredImage) => void, run: () => Promise<T>): Promise<T> => sink.run(onStored, run);

/** Tells the streaming caller, if any, that an image is stored; a listener's failure never fails the generation. */
export function announceStored(image: StoredImage): StoredImage {
  try {
    sink.getStore()?.(image);
  } catch {
    // The stream may already be closed by a client that hung up; the generation goes on regardless.
  }
  return image;
}

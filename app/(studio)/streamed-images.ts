import "server-only";
import type { StoredImage } from "@/lib/services/store-images";
import { withStoredImageSink } from "@/lib/services/stream-generation";

/** One image of a running generation, sent to the playground the moment it is stored. */
export interface StreamedImage {
  index: number;
  width: number;
  height: number;
  format: string;
  /** The stored bytes: the image row (and so its URL) exists only once the whole generation is recorded. */
  bytes: Uint8Array;
}

/**
 * Runs a generation with a listener on its stored images and hands them out as an async iterable, which
 * a server action's answer streams to the browser item by item; it ends when the generation settles.
 */
export function streamStoredImages<T>(run: () => Promise<T>): { images: AsyncIterable<StreamedImage>; result: Promise<T> } {
  const queue: StreamedImage[] = [];
  let done = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const onStored = (image: StoredImage) => {
    queue.push({ index: image.index, width: image.width, height: image.height, format: image.format, bytes: new Uint8Array(image.data) });
    notify();
  };
  const result = withStoredImageSink(onStored, run).finally(() => {
    done = true;
    notify();
  });
  async function* images(): AsyncGenerator<StreamedImage> {
    for (;;) {
      const next = queue.shift();
      if (next) yield next;
      else if (done) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return { images: images(), result };
}

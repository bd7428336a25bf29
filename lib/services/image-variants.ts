import "server-only";
import { availableParallelism } from "node:os";
import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from "cockatiel";
import { convertImage } from "@/lib/images/convert";
import { EXTENSIONS } from "@/lib/images/sniff";
import { planOutputFormat } from "@/lib/params/output-format";
import type { OutputFormat } from "@/lib/params/request-schema";
import type { ImageStorage } from "@/lib/storage/storage";
import { variantKey } from "@/lib/storage/storage";
import { undecodableImage } from "./undecodable-image";

/**
 * Conversions on download (`/images/{id}.avif`) cost 0.4–1 s of CPU each (2048² to AVIF or GIF), so each
 * variant is made once and kept in storage under a key derived from the original's, two views of one new
 * variant share one conversion, and at most CONVERSION_LIMIT run at a time with CONVERSION_QUEUE waiting:
 * beyond that the caller is told to come back (503 + Retry-After) rather than piling up CPU work.
 */
export const CONVERSION_LIMIT = Math.max(1, availableParallelism() - 1);
export const CONVERSION_QUEUE = 16;
export const CONVERSION_RETRY_AFTER_MS = 2000;

export class ConversionsBusyError extends Error {
  readonly retryAfterMs = CONVERSION_RETRY_AFTER_MS;
}

export interface VariantSource {
  storageKey: string;
  format: string;
  width: number;
  height: number;
}

export type Variant =
  | { kind: "stored"; key: string; format: OutputFormat }
  /** The API's AVIF edge rule: a larger image is delivered in its own format, with this warning. */
  | { kind: "kept"; format: OutputFormat; warning: string };

interface State {
  policy: BulkheadPolicy;
  making: Map<string, Promise<void>>;
}

// On globalThis: every route bundle has its own copy of this module and must share one queue.
const state = ((globalThis as { darkroomVariants?: State }).darkroomVariants ??= {
  policy: bulkhead(CONVERSION_LIMIT, CONVERSION_QUEUE),
  making: new Map(),
});

/** The storage key of `image` in `format`, converting (once) when it is not stored yet. */
export async function variantFor(image: VariantSource, format: OutputFormat, storage: ImageStorage): Promise<Variant> {
  const own = image.format as OutputFormat;
  if (format === own) return { kind: "stored", key: image.storageKey, format };
  const plan = planOutputFormat(format, own, image.width, image.height);
  if (plan.format !== format) return { kind: "kept", format: plan.format, warning: plan.warning! };
  const key = variantKey(image.storageKey, format, EXTENSIONS[format]);
  if (!(await storage.has(key))) await make(image.storageKey, key, format, storage);
  return { kind: "stored", key, format };
}

function make(sourceKey: string, key: string, format: OutputFormat, storage: ImageStorage): Promise<void> {
  let work = state.making.get(key);
  if (!work) {
    work = convertQueued(sourceKey, key, format, storage).finally(() => state.making.delete(key));
    state.making.set(key, work);
  }
  return work;
}

async function convertQueued(sourceKey: string, key: string, format: OutputFormat, storage: ImageStorage): Promise<void> {
  try {
    await state.policy.execute(async () => {
      const source = await storage.read(sourceKey);
      const bytes = await convertImage(source, format).catch((error: unknown) => {
        throw undecodableImage(error);
      });
      await storage.putAt(key, bytes);
    });
  } catch (error) {
    if (error instanceof BulkheadRejectedError) throw new ConversionsBusyError(`${CONVERSION_LIMIT} conversions are running and ${CONVERSION_QUEUE} waiting`);
    throw error;
  }
}

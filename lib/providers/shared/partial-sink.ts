import { AsyncLocalStorage } from "node:async_hooks";
import type { PartialImage } from "../types";

/** A streamed generation's partial_images (1–3) and where its drafts go. */
export interface PartialsRequest {
  count: number;
  onPartial(image: PartialImage): void;
}

/**
 * Carried in async context, like the stored-image sink, so normalizer, router and claim need no extra
 * parameter: only adapters that stream drafts (ImageModel.streamsPartials) read it.
 */
// On globalThis: the adapters that read it may come from another route bundle's copy of this module.
const holder = globalThis as { darkroomPartials?: AsyncLocalStorage<PartialsRequest> };
const sink = (holder.darkroomPartials ??= new AsyncLocalStorage<PartialsRequest>());

export const withPartials = <T>(request: PartialsRequest, run: () => Promise<T>): Promise<T> => sink.run(request, run);

/** The running generation's partials request, if it is a stream that asked for drafts. */
export const requestedPartials = (): PartialsRequest | undefined => sink.getStore();

import type { ProviderOffer } from "@/lib/catalog/schema";
import type { AttemptRecord } from "@/lib/generation/attempt";
import { newId } from "@/lib/ids";
import { keepDecodable, type VerifiedImage } from "@/lib/images/verify";
import { ProviderError } from "@/lib/providers/errors";
import { requestedPartials } from "@/lib/providers/shared/partial-sink";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { CallOptions, GeneratedImage, GenerateResult } from "@/lib/providers/types";
import type { Warning } from "@/lib/params/warning";
import type { Bulkheads } from "./bulkheads";
import { attemptCost, type PriceQuery } from "./cost";
import type { HealthBook } from "./health";
import { toProviderError } from "./to-provider-error";

export interface CallContext {
  registry: ProviderRegistry;
  health: HealthBook;
  bulkheads: Bulkheads;
  attemptTimeoutMs: number;
  /** When the whole generation must be done (ms since the epoch). */
  deadline: number;
  price: PriceQuery;
  signal?: AbortSignal;
  record: (attempt: AttemptRecord) => void;
}

/** A provider's image the router verified (lib/images/verify), with the size its header gave. */
export type VerifiedGeneratedImage = GeneratedImage & VerifiedImage;

export type CallResult = Omit<GenerateResult, "images"> & { images: VerifiedGeneratedImage[]; rejected: ProviderError[] };

/**
 * Why a failed call ended, for the record: the caller's cancel and the gateway's own deadline are
 * `cancelled` (they say nothing about the provider); a call that ran out its own time is the provider's timeout.
 */
function classify(error: unknown, offer: ProviderOffer, ctx: CallContext, deadline: AbortSignal, own: AbortSignal | undefined): ProviderError {
  if (ctx.signal?.aborted) {
    return new ProviderError({ provider: offer.provider, kind: "cancelled", message: `The call to ${offer.provider} was cancelled by the caller`, cause: error });
  }
  if (deadline.aborted) {
    return new ProviderError({ provider: offer.provider, kind: "cancelled", message: `The call to ${offer.provider} was stopped at the gateway's deadline`, cause: error });
  }
  return toProviderError(error, offer.provider, own?.aborted ?? false);
}

/** A stream asked for partial_images from a provider that sends none: said, not silently dropped. */
function partialsWarning(model: { provider: string; streamsPartials?: boolean | "edits" }, options: CallOptions): Warning[] {
  const asked = options.edit ? options.edit.partials : requestedPartials();
  if (!asked || model.streamsPartials === true || (options.edit && model.streamsPartials === "edits")) return [];
  return [{ type: "unsupported", param: "partial_images", message: `${model.provider} does not stream partial images; only the completed image was sent` }];
}

/**
 * One provider call: every outcome is recorded as an attempt and fed to the endpoint's health. The call's
 * own time (attemptTimeoutMs) runs from when it reaches the provider, past the gateway's queue (the
 * bulkhead): time spent waiting there, a full queue, a caller's hang-up and the generation's deadline say
 * nothing about the provider, so the breaker sees them as neutral (which also frees a half-open probe). At
 * saturation they would otherwise open the circuit on a healthy provider.
 */
export async function callOffer(offer: ProviderOffer, options: CallOptions, ctx: CallContext): Promise<CallResult> {
  const model = ctx.registry.providers.get(offer.provider)!.imageModel(offer);
  const deadline = AbortSignal.timeout(Math.max(1, ctx.deadline - Date.now()));
  const waiting = ctx.signal ? AbortSignal.any([ctx.signal, deadline]) : deadline;
  let own: AbortSignal | undefined;
  const started = new Date();
  const record = (attempt: Pick<AttemptRecord, "status" | "costUsd" | "images"> & Partial<AttemptRecord>) => {
    const full: AttemptRecord = { id: newId("att"), provider: offer.provider, providerModelId: offer.providerModelId, latencyMs: Date.now() - started.getTime(), startedAt: started, ...attempt };
    ctx.health.recordAttempt(offer, own ? full : { ...full, status: "cancelled" });
    ctx.record(full);
  };
  const reach = () => {
    own = AbortSignal.timeout(ctx.attemptTimeoutMs);
    return model.doGenerate(options, { signal: AbortSignal.any([waiting, own]) });
  };
  try {
    const result = await ctx.bulkheads.run(offer.provider, reach, waiting);
    if (result.images.length === 0) {
      throw new ProviderError({ provider: offer.provider, kind: "upstream", message: `${offer.provider} answered without an image` });
    }
    // Every image is verified before it counts: a corrupt one is the provider's fault (upstream, so fallback
    // applies when none survive) and is neither stored nor billed; the good ones of the call are kept.
    const { kept: images, rejected } = await keepDecodable(result.images.slice(0, options.n));
    const bad = rejected.map((reason) => new ProviderError({ provider: offer.provider, kind: "upstream", message: `${offer.provider} sent an unusable image: ${reason}` }));
    if (images.length === 0) throw bad[0]!;
    record({ status: "succeeded", costUsd: attemptCost(offer, ctx.price, images.length, result.usage), images: images.length, httpStatus: result.response.status, ...(result.usage ? { usage: result.usage } : {}) });
    return { ...result, images, rejected: bad, warnings: [...result.warnings, ...partialsWarning(model, options)] };
  } catch (error) {
    const providerError = classify(error, offer, ctx, deadline, own);
    const status = providerError.kind === "cancelled" ? "cancelled" : "failed";
    record({ status, costUsd: 0, images: 0, errorKind: providerError.kind, errorMessage: providerError.message, httpStatus: providerError.statusCode });
    throw providerError;
  }
}

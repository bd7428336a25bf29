import type { ProviderOffer } from "@/lib/catalog/schema";
import { newId } from "@/lib/ids";
import { keepDecodable } from "@/lib/images/verify";
import type { NormalizedRequest } from "@/lib/params/normalize";
import { MAX_SEED } from "@/lib/params/request-schema";
import { splitImages } from "@/lib/params/split";
import type { Warning } from "@/lib/params/warning";
import { ProviderError, type ProviderErrorKind } from "@/lib/providers/errors";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { CallOptions, GeneratedImage, GenerateResult } from "@/lib/providers/types";
import { pause } from "@/lib/providers/shared/http";
import type { AttemptRecord } from "./attempt";
import type { Bulkheads } from "./bulkheads";
import type { Candidates } from "./candidates";
import { attemptCost } from "./cost";
import { healthKey, type HealthBook } from "./health";
import { retryDelay, type RetrySettings } from "./retry";
import { toProviderError } from "./to-provider-error";

export interface RoutedImage extends GeneratedImage {
  /** Position in the caller's n. */
  index: number;
  offer: ProviderOffer;
}

export interface ImageFailure {
  index: number;
  error: ProviderError;
}

export interface RouteOutcome {
  images: RoutedImage[];
  failures: ImageFailure[];
  attempts: AttemptRecord[];
  warnings: Warning[];
  /** The first successful call's wire values, for the ledger. */
  served?: { offer: ProviderOffer; sent: GenerateResult["sent"] };
}

export interface RouteSettings {
  /** Deadline of one provider call. */
  attemptTimeoutMs: number;
  /** Deadline of the whole generation, retries and fallbacks included. */
  deadlineMs: number;
  retry: RetrySettings;
  health: HealthBook;
  bulkheads: Bulkheads;
  fallbackOnContentPolicy: boolean;
  signal?: AbortSignal;
  onAttempt?: (attempt: AttemptRecord) => void;
}

// Failures another provider may not have. Auth and invalid-request errors never fall back: they would
// fail the same way everywhere or hide a configuration problem.
const FALLBACK_KINDS = new Set<ProviderErrorKind>(["timeout", "unavailable", "rate_limit", "upstream", "not_found"]);

function callOptions(req: NormalizedRequest, n: number, seedOffset: number): CallOptions {
  return {
    prompt: req.prompt,
    negativePrompt: req.negativePrompt,
    n,
    seed: (req.seed + seedOffset) % (MAX_SEED + 1),
    seedExplicit: !req.seedDrawn,
    aspectRatio: req.size.aspectRatio,
    tier: req.size.tier,
    width: req.size.width,
    height: req.size.height,
    outputFormat: req.outputFormat,
    outputCompression: req.outputCompression,
    quality: req.quality,
    style: req.style,
    thinking: req.thinking,
    enhancePrompt: req.enhancePrompt,
    user: req.user,
    extra: req.extra,
  };
}

/**
 * Makes the request's n images: calls of at most maxImagesPerCall run in parallel; each call tries the
 * candidates in order, skipping providers whose circuit is open, retrying per error kind with backoff,
 * and falling back when a failure is one another provider could avoid.
 */
export async function routeGeneration(
  req: NormalizedRequest,
  candidates: Candidates,
  registry: ProviderRegistry,
  settings: RouteSettings,
): Promise<RouteOutcome> {
  const outcome: RouteOutcome = { images: [], failures: [], attempts: [], warnings: [] };
  const warningKeys = new Set<string>();
  const warn = (warnings: Warning[]) => {
    for (const w of warnings) {
      const key = `${w.param}|${w.message}`;
      if (!warningKeys.has(key)) {
        warningKeys.add(key);
        outcome.warnings.push(w);
      }
    }
  };
  warn(candidates.warnings);
  const maxPerCall = Math.min(...candidates.offers.map((o) => o.maxImagesPerCall));
  const batches = splitImages(req.n, maxPerCall);
  if (batches.length > 1) {
    warn([{ type: "emulated", param: "n", message: `n=${req.n} was made with ${batches.length} parallel calls of at most ${maxPerCall} images` }]);
  }
  const deadline = Date.now() + settings.deadlineMs;
  const price = { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality };

  const attemptOnce = async (offer: ProviderOffer, options: CallOptions): Promise<GenerateResult & { rejected: ProviderError[] }> => {
    const model = registry.providers.get(offer.provider)!.imageModel(offer);
    const timeout = AbortSignal.timeout(Math.max(1, Math.min(settings.attemptTimeoutMs, deadline - Date.now())));
    const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
    const started = new Date();
    const record = (attempt: Omit<AttemptRecord, "id" | "provider" | "providerModelId" | "latencyMs" | "startedAt">) => {
      const full: AttemptRecord = {
        id: newId("att"),
        provider: offer.provider,
        providerModelId: offer.providerModelId,
        latencyMs: Date.now() - started.getTime(),
        startedAt: started,
        ...attempt,
      };
      outcome.attempts.push(full);
      settings.health.record(healthKey(offer), full);
      settings.onAttempt?.(full);
    };
    try {
      const result = await settings.bulkheads.run(offer.provider, () => model.doGenerate(options, { signal }), signal);
      if (result.images.length === 0) {
        throw new ProviderError({ provider: offer.provider, kind: "upstream", message: `${offer.provider} answered without an image` });
      }
      // Every image is decoded before it counts: a corrupt one is the provider's fault (upstream, so fallback
      // applies when none survive) and is neither stored nor billed; the good ones of the call are kept.
      const { kept: images, rejected } = await keepDecodable(result.images.slice(0, options.n));
      const bad = rejected.map((reason) => new ProviderError({ provider: offer.provider, kind: "upstream", message: `${offer.provider} sent an unusable image: ${reason}` }));
      if (images.length === 0) throw bad[0]!;
      record({ status: "succeeded", costUsd: attemptCost(offer, price, images.length, result.usage), images: images.length, httpStatus: result.response.status });
      return { ...result, images, rejected: bad };
    } catch (error) {
      const providerError = toProviderError(error, offer.provider, timeout.aborted && !settings.signal?.aborted);
      record({ status: "failed", costUsd: 0, images: 0, errorKind: providerError.kind, errorMessage: providerError.message, httpStatus: providerError.statusCode });
      throw providerError;
    }
  };

  const runBatch = async (count: number, first: number) => {
    const options = callOptions(req, count, first);
    let lastError: ProviderError | undefined;
    const reasons: string[] = [];
    for (const offer of candidates.offers) {
      const { admitted, health } = settings.health.admit(healthKey(offer));
      if (!admitted) {
        reasons.push(`${offer.provider} (${health.reason})`);
        warn([{ type: "other", message: `Skipped ${offer.provider}: circuit open because ${health.reason}` }]);
        continue;
      }
      const retries: Partial<Record<ProviderErrorKind, number>> = {};
      for (;;) {
        try {
          const result = await attemptOnce(offer, options);
          warn(result.warnings);
          outcome.served ??= { offer, sent: result.sent };
          result.images.forEach((image, i) => outcome.images.push({ ...image, index: first + i, offer }));
          for (let i = result.images.length; i < count; i++) {
            outcome.failures.push({
              index: first + i,
              error: result.rejected[i - result.images.length] ?? new ProviderError({ provider: offer.provider, kind: "content_policy", message: `${offer.provider} returned ${result.images.length} of ${count} images; the rest were filtered` }),
            });
          }
          return;
        } catch (error) {
          lastError = error as ProviderError;
          if (settings.signal?.aborted) break;
          const delay = retryDelay(lastError, retries, deadline - Date.now(), settings.retry);
          if (delay === undefined) break;
          retries[lastError.kind] = (retries[lastError.kind] ?? 0) + 1;
          await pause(delay, settings.signal ?? new AbortController().signal).catch(() => undefined);
        }
      }
      if (settings.signal?.aborted || Date.now() >= deadline) break;
      const fallsBack = FALLBACK_KINDS.has(lastError!.kind) || (lastError!.kind === "content_policy" && settings.fallbackOnContentPolicy);
      if (!fallsBack) break;
    }
    const error =
      lastError ??
      new ProviderError({ provider: candidates.offers[0]!.provider, kind: "unavailable", message: `Every eligible provider is cooling down after failures: ${reasons.join(", ")}` });
    for (let i = 0; i < count; i++) outcome.failures.push({ index: first + i, error });
  };

  let offset = 0;
  await Promise.all(
    batches.map((count) => {
      const first = offset;
      offset += count;
      return runBatch(count, first);
    }),
  );
  outcome.images.sort((a, b) => a.index - b.index);
  outcome.failures.sort((a, b) => a.index - b.index);
  return outcome;
}

import type { ProviderOffer } from "@/lib/catalog/schema";
import { newId } from "@/lib/ids";
import type { NormalizedRequest } from "@/lib/params/normalize";
import { MAX_SEED } from "@/lib/params/request-schema";
import { splitImages } from "@/lib/params/split";
import type { Warning } from "@/lib/params/warning";
import type { ProviderError } from "@/lib/providers/errors";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { CallOptions, GeneratedImage, GenerateResult } from "@/lib/providers/types";
import type { AttemptRecord } from "./attempt";
import type { Candidates } from "./candidates";
import { attemptCost } from "./cost";
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
  timeoutMs: number;
  signal?: AbortSignal;
  onAttempt?: (attempt: AttemptRecord) => void;
}

const FALLBACK_KINDS = new Set(["timeout", "unavailable", "rate_limit", "upstream", "not_found"]);

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
 * Makes the request's n images: calls of at most maxImagesPerCall run in parallel, and each call falls
 * back through the candidates in order when a provider fails in a way another provider could fix.
 */
export async function routeGeneration(
  req: NormalizedRequest,
  candidates: Candidates,
  registry: ProviderRegistry,
  settings: RouteSettings,
): Promise<RouteOutcome> {
  const outcome: RouteOutcome = { images: [], failures: [], attempts: [], warnings: [...candidates.warnings] };
  const maxPerCall = Math.min(...candidates.offers.map((o) => o.maxImagesPerCall));
  const batches = splitImages(req.n, maxPerCall);
  const warningKeys = new Set<string>();
  const addWarnings = (warnings: Warning[]) => {
    for (const w of warnings) {
      const key = `${w.param}|${w.message}`;
      if (!warningKeys.has(key)) {
        warningKeys.add(key);
        outcome.warnings.push(w);
      }
    }
  };
  if (batches.length > 1) {
    addWarnings([{ type: "emulated", param: "n", message: `n=${req.n} was made with ${batches.length} parallel calls of at most ${maxPerCall} images` }]);
  }

  let offset = 0;
  await Promise.all(
    batches.map(async (count) => {
      const first = offset;
      offset += count;
      let lastError: ProviderError | undefined;
      for (const offer of candidates.offers) {
        const model = registry.providers.get(offer.provider)!.imageModel(offer);
        const started = new Date();
        const timeout = AbortSignal.timeout(settings.timeoutMs);
        const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
        const record = (partial: Omit<AttemptRecord, "id" | "provider" | "providerModelId" | "latencyMs" | "startedAt">) => {
          const attempt: AttemptRecord = {
            id: newId("att"),
            provider: offer.provider,
            providerModelId: offer.providerModelId,
            latencyMs: Date.now() - started.getTime(),
            startedAt: started,
            ...partial,
          };
          outcome.attempts.push(attempt);
          settings.onAttempt?.(attempt);
        };
        try {
          const result = await model.doGenerate(callOptions(req, count, first), { signal });
          if (result.images.length === 0) {
            throw toProviderError(
              { name: "EmptyResult", message: `${offer.provider} answered without an image` },
              offer.provider,
              false,
            );
          }
          const images = result.images.slice(0, count);
          const cost = attemptCost(offer, { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality }, images.length, result.usage);
          record({ status: "succeeded", costUsd: cost, images: images.length, httpStatus: result.response.status });
          addWarnings(result.warnings);
          outcome.served ??= { offer, sent: result.sent };
          images.forEach((image, i) => outcome.images.push({ ...image, index: first + i, offer }));
          for (let i = images.length; i < count; i++) {
            outcome.failures.push({
              index: first + i,
              error: toProviderError(
                { name: "Filtered", message: `${offer.provider} returned ${images.length} of ${count} images (the rest were filtered)` },
                offer.provider,
                false,
              ),
            });
          }
          return;
        } catch (error) {
          const providerError = toProviderError(error, offer.provider, timeout.aborted && !settings.signal?.aborted);
          record({
            status: "failed",
            costUsd: 0,
            images: 0,
            errorKind: providerError.kind,
            errorMessage: providerError.message,
            httpStatus: providerError.statusCode,
          });
          lastError = providerError;
          if (settings.signal?.aborted || !FALLBACK_KINDS.has(providerError.kind)) break;
        }
      }
      for (let i = 0; i < count; i++) outcome.failures.push({ index: first + i, error: lastError! });
    }),
  );
  outcome.images.sort((a, b) => a.index - b.index);
  outcome.failures.sort((a, b) => a.index - b.index);
  return outcome;
}

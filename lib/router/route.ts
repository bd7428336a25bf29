import type { ProviderOffer } from "@/lib/catalog/schema";
import type { AttemptRecord } from "@/lib/generation/attempt";
import type { NormalizedRequest } from "@/lib/params/normalize";
import { MAX_SEED } from "@/lib/params/request-schema";
import { splitImages } from "@/lib/params/split";
import type { Warning } from "@/lib/params/warning";
import { ProviderError } from "@/lib/providers/errors";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { CallOptions, GenerateResult } from "@/lib/providers/types";
import type { VerifiedGeneratedImage } from "./call";
import { runBatch, type BatchContext, type RouteEvent } from "./batch";
import type { Bulkheads } from "./bulkheads";
import type { Candidates } from "./candidates";
import type { HealthBook } from "./health";
import type { RetrySettings } from "./retry";

export interface RoutedImage extends VerifiedGeneratedImage {
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
  /** Whether some images were not made because the caller or the deadline stopped their calls. */
  cancelled: boolean;
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
  /** Wait for an open circuit's cooldown (within the deadline) instead of failing at once. */
  waitOutCooldown?: boolean;
  signal?: AbortSignal;
  onAttempt?: (attempt: AttemptRecord) => void;
  onEvent?: (event: RouteEvent) => void;
  /** Each call's images as soon as that call is done (an emulated n need not wait for its slowest call). */
  onImages?: (images: RoutedImage[]) => void;
}

export type { RouteEvent };

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
    ...(req.edit ? { edit: req.edit } : {}),
  };
}

/** Collects warnings once each, in the order they were first given. */
function warningCollector(outcome: RouteOutcome): (warnings: Warning[]) => void {
  const seen = new Set<string>();
  return (warnings) => {
    for (const w of warnings) {
      const key = `${w.param}|${w.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        outcome.warnings.push(w);
      }
    }
  };
}

/** Files one call's result: its images, and a per-image failure for each one it did not make. */
function collect(outcome: RouteOutcome, result: Awaited<ReturnType<typeof runBatch>>, count: number, first: number, warn: (w: Warning[]) => void): void {
  if (!result.ok) {
    if (result.error.kind === "cancelled") outcome.cancelled = true;
    for (let i = 0; i < count; i++) outcome.failures.push({ index: first + i, error: result.error });
    return;
  }
  const { offer, result: call } = result;
  warn(call.warnings);
  outcome.served ??= { offer, sent: call.sent };
  call.images.forEach((image, i) => outcome.images.push({ ...image, index: first + i, offer }));
  for (let i = call.images.length; i < count; i++) {
    const filtered = new ProviderError({ provider: offer.provider, kind: "content_policy", message: `${offer.provider} returned ${call.images.length} of ${count} images; the rest were filtered` });
    outcome.failures.push({ index: first + i, error: call.rejected[i - call.images.length] ?? filtered });
  }
}

/**
 * Makes the request's n images: calls of at most maxImagesPerCall run in parallel; each call tries the
 * candidates in order, skipping endpoints whose circuit is open, retrying per error kind with backoff,
 * and falling back when a failure is one another provider could avoid.
 */
export async function routeGeneration(req: NormalizedRequest, candidates: Candidates, registry: ProviderRegistry, settings: RouteSettings): Promise<RouteOutcome> {
  const outcome: RouteOutcome = { images: [], failures: [], attempts: [], warnings: [], cancelled: false };
  const warn = warningCollector(outcome);
  warn(candidates.warnings);
  const maxPerCall = Math.min(...candidates.offers.map((o) => o.maxImagesPerCall));
  const batches = splitImages(req.n, maxPerCall);
  if (batches.length > 1) {
    warn([{ type: "emulated", param: "n", message: `n=${req.n} was made with ${batches.length} parallel calls of at most ${maxPerCall} images` }]);
  }
  const ctx: BatchContext = {
    ...settings,
    registry,
    deadline: Date.now() + settings.deadlineMs,
    price: { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality },
    waitOutCooldown: settings.waitOutCooldown ?? false,
    warn,
    record: (attempt) => {
      outcome.attempts.push(attempt);
      settings.onAttempt?.(attempt);
    },
  };
  let offset = 0;
  await Promise.all(
    batches.map(async (count) => {
      const first = offset;
      offset += count;
      const result = await runBatch(candidates.offers, callOptions(req, count, first), ctx);
      const before = outcome.images.length;
      collect(outcome, result, count, first, warn);
      settings.onImages?.(outcome.images.slice(before));
    }),
  );
  outcome.images.sort((a, b) => a.index - b.index);
  outcome.failures.sort((a, b) => a.index - b.index);
  return outcome;
}

import { setTimeout as sleep } from "node:timers/promises";
import type { ProviderOffer } from "@/lib/catalog/schema";
import type { Warning } from "@/lib/params/warning";
import { ERROR_KINDS, ProviderError, type ProviderErrorKind } from "@/lib/providers/errors";
import type { CallOptions } from "@/lib/providers/types";
import { callOffer, type CallContext, type CallResult } from "./call";
import { healthKey } from "./health";
import { retryDelay, type RetrySettings } from "./retry";

export interface BatchContext extends CallContext {
  retry: RetrySettings;
  fallbackOnContentPolicy: boolean;
  /** Wait for an open circuit's cooldown, within the deadline, when no candidate may be called. */
  waitOutCooldown: boolean;
  warn: (warnings: Warning[]) => void;
  /** Told of every retry, fallback and skipped endpoint, for the operator's log. */
  onEvent?: (event: RouteEvent) => void;
}

export type RouteEvent =
  | { type: "retry"; provider: string; providerModelId: string; kind: string; delayMs: number }
  | { type: "fallback"; provider: string; providerModelId: string; kind: string }
  | { type: "skipped"; provider: string; providerModelId: string; reason?: string };

export type BatchResult = { ok: true; offer: ProviderOffer; result: CallResult } | { ok: false; error: ProviderError };

/** Waits unless the signal fires first; a cancel simply ends the wait. */
const pause = (ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

/** One offer, retried per error kind with backoff until it succeeds or its budget or the deadline is spent. */
async function tryOffer(offer: ProviderOffer, options: CallOptions, ctx: BatchContext): Promise<BatchResult> {
  const retries: Partial<Record<ProviderErrorKind, number>> = {};
  for (;;) {
    try {
      return { ok: true, offer, result: await callOffer(offer, options, ctx) };
    } catch (error) {
      const providerError = error as ProviderError;
      if (ctx.signal?.aborted || providerError.kind === "cancelled") return { ok: false, error: providerError };
      const delay = retryDelay(providerError, retries, ctx.deadline - Date.now(), ctx.retry);
      if (delay === undefined) return { ok: false, error: providerError };
      retries[providerError.kind] = (retries[providerError.kind] ?? 0) + 1;
      ctx.onEvent?.({ type: "retry", provider: offer.provider, providerModelId: offer.providerModelId, kind: providerError.kind, delayMs: delay });
      await pause(delay, ctx.signal);
    }
  }
}

const fallsBack = (error: ProviderError, ctx: BatchContext) =>
  ERROR_KINDS[error.kind].fallsBack || (error.kind === "content_policy" && ctx.fallbackOnContentPolicy);

/** When every candidate was skipped: the earliest time one of them takes calls again. */
function earliestReopen(offers: ProviderOffer[], ctx: BatchContext): number | undefined {
  const times = offers.map((o) => ctx.health.health(healthKey(o)).openUntil?.getTime()).filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}

/**
 * Tries the candidates in order for one call's images: skipping endpoints whose circuit is open, falling
 * back when a failure is one another provider could avoid. When all are cooling down, a background job
 * waits for the first to reopen (within the deadline); anyone else is told how long that is.
 */
export async function runBatch(offers: ProviderOffer[], options: CallOptions, ctx: BatchContext): Promise<BatchResult> {
  for (;;) {
    let lastError: ProviderError | undefined;
    const reasons: string[] = [];
    for (const offer of offers) {
      const { admitted, health } = ctx.health.admit(healthKey(offer));
      if (!admitted) {
        reasons.push(`${offer.provider} (${health.reason})`);
        ctx.warn([{ type: "other", message: `Skipped ${offer.provider}: circuit open because ${health.reason}` }]);
        ctx.onEvent?.({ type: "skipped", provider: offer.provider, providerModelId: offer.providerModelId, reason: health.reason });
        continue;
      }
      const outcome = await tryOffer(offer, options, ctx);
      if (outcome.ok) return outcome;
      lastError = outcome.error;
      if (ctx.signal?.aborted || Date.now() >= ctx.deadline || !fallsBack(lastError, ctx)) break;
      ctx.onEvent?.({ type: "fallback", provider: offer.provider, providerModelId: offer.providerModelId, kind: lastError.kind });
    }
    if (lastError) return { ok: false, error: lastError };
    const reopen = earliestReopen(offers, ctx);
    if (ctx.waitOutCooldown && reopen !== undefined && reopen < ctx.deadline && !ctx.signal?.aborted) {
      await pause(Math.max(1, reopen - Date.now()), ctx.signal);
      continue;
    }
    const message = `Every eligible provider is cooling down after failures: ${reasons.join(", ")}`;
    const retryAfterMs = reopen === undefined ? undefined : Math.max(1000, reopen - Date.now());
    return { ok: false, error: new ProviderError({ provider: offers[0]!.provider, kind: "unavailable", message, retryAfterMs }) };
  }
}

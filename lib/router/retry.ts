import { ERROR_KINDS, type ProviderError, type ProviderErrorKind } from "@/lib/providers/errors";

export interface RetrySettings {
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

/**
 * The wait before retrying `error` (the attempt-th retry), or undefined when it must not be retried:
 * not retryable, its kind's budget spent, or the wait would overrun the deadline. Honours Retry-After;
 * otherwise exponential backoff with full jitter. Hand-written because cockatiel's retry policy has one
 * attempt budget for all errors, and the budgets here differ per kind.
 */
export function retryDelay(
  error: ProviderError,
  retriesSoFar: Partial<Record<ProviderErrorKind, number>>,
  remainingMs: number,
  settings: RetrySettings,
): number | undefined {
  if (!error.retryable) return undefined;
  const used = retriesSoFar[error.kind] ?? 0;
  if (used >= ERROR_KINDS[error.kind].retries) return undefined;
  const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** used);
  const delay = error.retryAfterMs ?? Math.round(exponential * (0.5 + (settings.random ?? Math.random)() * 0.5));
  return delay < remainingMs ? delay : undefined;
}

import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// In process memory: one limiter per distinct limit, keyed by key id. Several app instances each count
// their own requests (a shared store would be the database or Redis; see README).
const limiters = new Map<number, RateLimiterMemory>();

function limiterFor(perMinute: number): RateLimiterMemory {
  let limiter = limiters.get(perMinute);
  if (!limiter) {
    limiter = new RateLimiterMemory({ keyPrefix: `dk_rpm_${perMinute}`, points: perMinute, duration: 60 });
    limiters.set(perMinute, limiter);
  }
  return limiter;
}

export type RateCheck = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts one request against the key's requests-per-minute; over it, how long until one is allowed. */
export async function consumeKeyRate(apiKeyId: string, perMinute: number | null): Promise<RateCheck> {
  if (perMinute === null) return { ok: true };
  try {
    await limiterFor(perMinute).consume(apiKeyId);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1, error.msBeforeNext) };
    throw error;
  }
}

import "server-only";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { sharedPgPool } from "@/lib/db/pg-pool";
import { redisClient } from "@/lib/server/redis";

/**
 * One limiter per distinct limit, keyed by key id, counted where every instance sees the same count:
 * Redis when REDIS_URL is set, else PostgreSQL when DATABASE_URL is set (its own table, which the library
 * creates), else this process's memory (the embedded default is one instance). A shared store that fails
 * falls back to memory for the moment (the insurance limiter) instead of refusing or letting all through.
 */
const holder = globalThis as { darkroomRateLimiters?: Map<number, Promise<RateLimiterAbstract>> };
const limiters = (holder.darkroomRateLimiters ??= new Map());

async function build(perMinute: number): Promise<RateLimiterAbstract> {
  const base = { keyPrefix: `dk_rpm_${perMinute}`, points: perMinute, duration: 60 };
  const memory = new RateLimiterMemory(base);
  const redis = redisClient();
  if (redis) return new RateLimiterRedis({ ...base, storeClient: await redis, insuranceLimiter: memory, rejectIfRedisNotReady: true });
  const pool = sharedPgPool();
  if (pool) {
    const client = await pool;
    return new Promise((resolve, reject) => {
      const limiter: RateLimiterPostgres = new RateLimiterPostgres(
        { ...base, storeClient: client, storeType: "pool", tableName: "darkroom_rate_limits", insuranceLimiter: memory },
        (error?: Error) => (error ? reject(error) : resolve(limiter)),
      );
    });
  }
  return memory;
}

function limiterFor(perMinute: number): Promise<RateLimiterAbstract> {
  let limiter = limiters.get(perMinute);
  if (!limiter) {
    limiter = build(perMinute);
    limiter.catch(() => limiters.delete(perMinute));
    limiters.set(perMinute, limiter);
  }
  return limiter;
}

export type RateCheck = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts one request against the key's requests-per-minute; over it, how long until one is allowed. */
export async function consumeKeyRate(apiKeyId: string, perMinute: number | null): Promise<RateCheck> {
  if (perMinute === null) return { ok: true };
  try {
    await (await limiterFor(perMinute)).consume(apiKeyId);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1, error.msBeforeNext) };
    throw error;
  }
}

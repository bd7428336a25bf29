import "server-only";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { sharedPgPool } from "@/lib/db/pg-pool";
import { redisClient } from "@/lib/server/redis";

/** Sign-in attempts allowed per email and client address in one window, before a wait. */
export const SIGN_IN_ATTEMPTS = 10;
const WINDOW_S = 15 * 60;

const holder = globalThis as { darkroomSignInLimiter?: Promise<RateLimiterAbstract> };

/**
 * Counted where every instance sees the same count, like the API keys' limits: Redis (REDIS_URL), else
 * PostgreSQL (DATABASE_URL), else memory (the embedded default is one instance); memory is the insurance
 * when the shared store fails.
 */
async function build(): Promise<RateLimiterAbstract> {
  const base = { keyPrefix: "dr_sign_in", points: SIGN_IN_ATTEMPTS, duration: WINDOW_S };
  const memory = new RateLimiterMemory(base);
  const redis = redisClient();
  if (redis) return new RateLimiterRedis({ ...base, storeClient: await redis, insuranceLimiter: memory, rejectIfRedisNotReady: true });
  const pool = sharedPgPool();
  if (!pool) return memory;
  const client = await pool;
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres(
      { ...base, storeClient: client, storeType: "pool", tableName: "darkroom_rate_limits", insuranceLimiter: memory },
      (error?: Error) => (error ? reject(error) : resolve(limiter)),
    );
  });
}

function limiter(): Promise<RateLimiterAbstract> {
  holder.darkroomSignInLimiter ??= build().catch((error: unknown) => {
    holder.darkroomSignInLimiter = undefined;
    throw error;
  });
  return holder.darkroomSignInLimiter;
}

const keyOf = (email: string, address: string) => `${email.trim().toLowerCase()}|${address}`;

/** Counts one attempt; undefined when allowed, else the seconds to wait. */
export async function consumeSignIn(email: string, address: string): Promise<number | undefined> {
  try {
    await (await limiter()).consume(keyOf(email, address));
    return undefined;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** A successful sign-in clears the count, so a typo or two never locks anyone out later. */
export async function clearSignIn(email: string, address: string): Promise<void> {
  await (await limiter()).delete(keyOf(email, address)).catch(() => undefined);
}

/** The client's address as the proxy in front reports it (first X-Forwarded-For hop), else "direct". */
export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "direct";
}

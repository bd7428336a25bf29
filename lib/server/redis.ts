import "server-only";
import type { Redis } from "ioredis";
import { env } from "@/lib/config/env";
import { logger } from "./logger";

const holder = globalThis as { darkroomRedis?: Promise<Redis> };

/**
 * The Redis client on REDIS_URL (shared rate limits), or undefined without it. No offline queue: a command
 * while Redis is down fails at once, and the caller falls back (rate-limiter-flexible's insurance limiter).
 */
export function redisClient(): Promise<Redis> | undefined {
  const url = env().REDIS_URL;
  if (!url) return undefined;
  return (holder.darkroomRedis ??= import("ioredis").then(async ({ Redis }) => {
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    let warned = false;
    client.on("error", (error: Error) => {
      if (!warned) logger().warn({ reason: error.message }, "Redis unavailable; rate limits fall back to this instance's memory");
      warned = true;
    });
    client.on("ready", () => (warned = false));
    // The first commands wait for the connection (up to 2 s) rather than fall back while it is being made.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      client.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return client;
  }));
}

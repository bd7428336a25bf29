import "server-only";
import { env } from "@/lib/config/env";
import { attemptsEndedSince } from "@/lib/db/shared-health";
import { serverContext } from "@/lib/server/context";
import { logger } from "@/lib/server/logger";

// Attempts are written when they end, a successful one with its generation's outcome a little later: each
// read looks this far back, and the health book skips the attempts it has already counted.
const SLACK_MS = 10_000;

const holder = globalThis as { darkroomHealthSync?: NodeJS.Timeout };

/** One read of the attempts every instance recorded since `since`, fed to this instance's breakers. */
export async function syncHealth(since: Date): Promise<number> {
  const { health, registry, attemptTimeoutMs } = serverContext();
  const providers = registry.statuses.filter((s) => s.configured).map((s) => s.id);
  const attempts = await attemptsEndedSince({ providers, since, longestMs: attemptTimeoutMs + SLACK_MS });
  health.load(attempts);
  return attempts.length;
}

/**
 * Every DARKROOM_HEALTH_SYNC_MS, the attempts other instances recorded reach this instance's circuit
 * breakers: a provider that fails on instance A is benched on B as well (the attempt records in the shared
 * database are the breaker's state; no Redis needed). Starts after the start-up load, from `startedAt`.
 */
export function startHealthSync(startedAt = new Date()): void {
  if (holder.darkroomHealthSync) return;
  let since = startedAt;
  const tick = async () => {
    const readAt = new Date();
    await syncHealth(since);
    since = new Date(readAt.getTime() - SLACK_MS);
  };
  holder.darkroomHealthSync = setInterval(() => void tick().catch((error: unknown) => logger().warn({ err: error }, "could not read the shared provider health")), env().DARKROOM_HEALTH_SYNC_MS);
  holder.darkroomHealthSync.unref();
}

export function stopHealthSync(): void {
  clearInterval(holder.darkroomHealthSync);
  holder.darkroomHealthSync = undefined;
}

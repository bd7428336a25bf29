import "server-only";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { BreakerTransition } from "@/lib/router/health";
import { logger } from "@/lib/server/logger";
import { metrics } from "./registry";

/**
 * Records a circuit opening for the usage page (openings per endpoint over a range) and /metrics. The
 * opening time is derived from `openUntil`, so the startup replay of recent attempts, which re-opens the
 * same circuits, writes nothing twice. Fire and forget: a breaker never waits on the database.
 */
export function recordBreakerOpening(transition: BreakerTransition, cooldownMs: number): void {
  if (transition.to !== "open" || !transition.openUntil) return;
  const openedAt = new Date(transition.openUntil.getTime() - cooldownMs);
  void (async () => {
    const client = await db();
    const inserted = await client.$executeRaw`
      INSERT INTO "BreakerEvent" ("id", "endpoint", "openedAt", "reason")
      VALUES (${newId("brk")}, ${transition.key}, ${openedAt}, ${transition.reason ?? null})
      ON CONFLICT ("endpoint", "openedAt") DO NOTHING`;
    if (inserted > 0) metrics().breakerOpenings.inc({ endpoint: transition.key });
  })().catch((error: unknown) => logger().warn({ err: error, endpoint: transition.key }, "could not record a circuit opening"));
}

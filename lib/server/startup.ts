import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { announceSetup } from "@/lib/auth/announce";
import { env } from "@/lib/config/env";
import { databaseTarget, db, DatabaseUnavailableError } from "@/lib/db/client";
import { recentAttempts } from "@/lib/db/shared-health";
import { webhookPayload } from "@/lib/api/webhook-json";
import { startWorker } from "@/lib/queue/queue";
import { startHealthSync } from "@/lib/services/health-sync";
import { recoverWork, startRecoverySweeps } from "@/lib/services/recovery";
import { startRetentionSweeps } from "@/lib/services/retention";
import { setWebhookPayloadRenderer } from "@/lib/services/webhooks";
import { serverContext } from "./context";
import { logger } from "./logger";
import { settleMemory } from "./settle-memory";
import { installShutdown } from "./shutdown";

export interface StartOptions {
  /** First wait between database connection attempts; doubled each time up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/**
 * Runs once per server start (instrumentation.ts). A database that does not answer does not stop the
 * server: it logs why, keeps retrying with backoff in the background (health answers 503 meanwhile), and
 * finishes starting once the database answers.
 */
export async function startServer({ retryBaseMs = 1_000, retryMaxMs = 30_000 }: StartOptions = {}): Promise<void> {
  registerHooks();
  installShutdown();
  const delay = (attempt: number) => Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
  if (await connected(1, delay(1))) return finishStart();
  void (async () => {
    for (let attempt = 2; ; attempt++) {
      await sleep(delay(attempt - 1));
      if (await connected(attempt, delay(attempt))) return finishStart();
    }
  })().catch((error: unknown) => logger().error({ err: error }, "start-up failed after the database answered"));
}

async function connected(attempt: number, retryInMs: number): Promise<boolean> {
  try {
    await db();
    if (attempt > 1) logger().info({ database: databaseTarget(), attempt }, "database answered; finishing start-up");
    return true;
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    logger().error(
      { database: databaseTarget(), reason: error.reason, attempt, retryInMs },
      `database unavailable (${databaseTarget()}): ${error.reason}; retrying in ${Math.round(retryInMs / 100) / 10} s`,
    );
    return false;
  }
}

/**
 * What the core layers take from the layers above them, set before any work runs: a webhook carries the
 * API's bodies, and the webhooks service may not import the API layer, so the API's renderer is handed in.
 */
export function registerHooks(): void {
  setWebhookPayloadRenderer(webhookPayload);
}

/** Recover unfinished work, rebuild provider health, start the queue worker, announce providers. */
async function finishStart(): Promise<void> {
  const e = env();
  const log = logger();
  const { registry, publicUrl, health } = serverContext();
  const loadedAt = new Date();
  health.load(await recentAttempts({ perProvider: 20 }));
  // Other instances' attempts reach this one through the shared PostgreSQL database; PGlite has none.
  if (e.DATABASE_URL) startHealthSync(loadedAt);
  const { interrupted, queued, released } = await recoverWork();
  if (interrupted > 0) log.warn({ interrupted }, "marked generations cut off by the previous stop as interrupted");
  if (queued + released > 0) log.info({ queued, released }, "queued async generations left pending by the previous stop");
  startWorker();
  startRecoverySweeps();
  await startRetentionSweeps();
  await announceSetup();
  settleMemory();
  log.info(
    {
      database: e.DATABASE_URL ? "postgresql" : "pglite",
      publicUrl,
      simulator: registry.simulator,
      providers: registry.statuses.map((s) => `${s.id}:${s.configured ? "configured" : "off"}`).join(" "),
    },
    "darkroom ready",
  );
}

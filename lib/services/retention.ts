import "server-only";
import { env } from "@/lib/config/env";
import * as repo from "@/lib/db/retention";
import { ensureRecurring, registerJobHandler, type JobResult } from "@/lib/queue/queue";
import { logger } from "@/lib/server/logger";
import { forgetBattlePrompt } from "@/lib/arena/store";
import { purgePayloads } from "./purge";

/** Where a generation came from, as the Generation row's `source` says. */
export const RETENTION_SOURCES = ["api", "playground", "compare", "arena"] as const;

/** A key's or a source's default: keep forever, not stored (metadata only), or kept N days. */
export type Retention = "keep" | "none" | number;

/** Parses the key column ("keep", "none", "30"); null or junk is "no opinion". */
export function parseRetention(value: string | null): Retention | undefined {
  if (value === "keep" || value === "none") return value;
  const days = value === null ? NaN : Number(value);
  return Number.isFinite(days) && days > 0 ? days : undefined;
}

function sourceDefaults(): Record<(typeof RETENTION_SOURCES)[number], number | undefined> {
  const e = env();
  return {
    api: e.DARKROOM_RETENTION_API_DAYS,
    playground: e.DARKROOM_RETENTION_PLAYGROUND_DAYS,
    compare: e.DARKROOM_RETENTION_COMPARE_DAYS,
    arena: e.DARKROOM_RETENTION_ARENA_DAYS,
  };
}

function sourceDays(): repo.SourceDays[] {
  const days = sourceDefaults();
  return RETENTION_SOURCES.flatMap((source) => {
    const d = days[source];
    // 0 days = not stored: the bytes still serve the answer's URL for the unstored TTL.
    return d === undefined ? [] : [{ source, days: d === 0 ? env().DARKROOM_UNSTORED_URL_TTL / 86_400 : d }];
  });
}

/** Sources whose default is 0 days: like `store: false`, their prompts go as soon as the answer is done. */
const unstoredSources = () => RETENTION_SOURCES.filter((source) => sourceDefaults()[source] === 0);

/**
 * Pins the policy of a generation the API just made: `store: false` in the request wins over the key's
 * default; no opinion leaves the source default (DARKROOM_RETENTION_*_DAYS) to the sweep.
 */
export async function applyRequestRetention(generationId: string, { store, apiKeyId }: { store?: boolean | null; apiKeyId?: string }): Promise<void> {
  const keyPolicy = apiKeyId ? parseRetention(await repo.keyRetention(apiKeyId)) : undefined;
  const policy: Retention | undefined = store === false ? "none" : store === true ? (typeof keyPolicy === "number" ? keyPolicy : "keep") : keyPolicy;
  if (policy === undefined) return;
  const now = Date.now();
  if (policy === "keep") return repo.setRetention(generationId, { purgeAfter: null, unstored: false });
  if (policy === "none") {
    await repo.setRetention(generationId, { purgeAfter: new Date(now + env().DARKROOM_UNSTORED_URL_TTL * 1000), unstored: true });
    // A synchronous answer has been built by now; an async one loses its prompt in the sweep once done.
    await clearUnstoredPrompts();
    return;
  }
  await repo.setRetention(generationId, { purgeAfter: new Date(now + policy * 86_400_000), unstored: false });
}

async function clearUnstoredPrompts(limit = 100): Promise<number> {
  const ids = [...new Set([...(await repo.unstoredWithPrompt(limit)), ...(await repo.unstoredSourceWithPrompt({ sources: unstoredSources(), limit }))])];
  for (const id of ids) {
    await repo.clearPrompt(id);
    await forgetBattlePrompt(id);
  }
  return ids.length;
}

export interface SweepResult {
  promptsCleared: number;
  purged: number;
  filesRemoved: number;
}

/** One pass: clears finished store:false prompts, then purges due payloads in batches until none are due. */
export async function sweepRetention({ batch = 100, now = new Date() }: { batch?: number; now?: Date } = {}): Promise<SweepResult> {
  const result: SweepResult = { promptsCleared: await clearUnstoredPrompts(batch), purged: 0, filesRemoved: 0 };
  for (;;) {
    const ids = await repo.duePurges({ now, sources: sourceDays(), limit: batch });
    for (const id of ids) {
      const done = await purgePayloads(id);
      result.purged += 1;
      result.filesRemoved += done?.filesRemoved ?? 0;
    }
    if (ids.length < batch) break;
  }
  if (result.promptsCleared + result.purged > 0) logger().info(result, "retention sweep");
  return result;
}

export const RETENTION_QUEUE = "retention";
const SWEEP_JOB = { queue: RETENTION_QUEUE, key: "retention:sweep" };

/**
 * The sweep is one recurring job of the queue: one instance claims each run, and it reschedules itself every
 * DARKROOM_RETENTION_SWEEP_MS. The advisory lock still keeps two sweeps apart should a slow run be taken over.
 */
async function runSweepJob(): Promise<JobResult> {
  await repo.withSweepLock(() => sweepRetention()).catch((error: unknown) => logger().error({ err: error }, "retention sweep failed"));
  return { retryInMs: env().DARKROOM_RETENTION_SWEEP_MS };
}

registerJobHandler(RETENTION_QUEUE, runSweepJob);

/** Makes sure the recurring sweep job exists (server boot); the first run is due at once. */
export async function startRetentionSweeps(): Promise<void> {
  await ensureRecurring(SWEEP_JOB);
}

import "server-only";
import { db, DatabaseUnavailableError } from "@/lib/db/client";
import { isStopping, queueHealth, type QueueHealth } from "@/lib/queue/queue";
import { serverContext } from "@/lib/server/context";

export type Check<T = object> = ({ ok: true } & T) | { ok: false; reason: string };

export interface Readiness {
  /** False while the database is down, or while this instance stops (SIGTERM). */
  ready: boolean;
  stopping: boolean;
  database: Check<{ kind: "postgresql" | "pglite" }>;
  storage: Check<{ kind: string }>;
  queue: Check<Omit<QueueHealth, "error">>;
}

const CHECK_MS = 3000;
// Any well-formed key: whether it exists does not matter, only that the storage answers.
const PROBE_KEY = `${"0".repeat(64)}.png`;

async function check<T extends object>(work: () => Promise<T>, describe: (error: unknown) => string): Promise<Check<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_MS} ms`)), CHECK_MS)));
  try {
    return { ok: true, ...(await Promise.race([work(), timeout])) };
  } catch (error) {
    return { ok: false, reason: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

// Reasons, never connection strings or keys: health answers anyone.
const reasonOf = (error: unknown) => (error instanceof DatabaseUnavailableError ? error.reason : error instanceof Error ? error.message : String(error));
const storageReason = (error: unknown) => (error instanceof Error ? error.name : "unreachable");

/** What /api/health reports: the database, the image storage and the job queue, each checked with a time limit. */
export async function readiness(): Promise<Readiness> {
  const database = await check(async () => {
    const client = await db();
    await client.$queryRaw`SELECT 1`;
    return { kind: process.env.DATABASE_URL ? ("postgresql" as const) : ("pglite" as const) };
  }, reasonOf);
  const [storage, queue] = await Promise.all([
    check(async () => {
      const { storage } = serverContext();
      await storage.has(PROBE_KEY);
      return { kind: process.env.DARKROOM_STORAGE_URL ? "s3" : "local" };
    }, storageReason),
    database.ok
      ? check(async () => {
          const { error: _error, ...health } = await queueHealth();
          return health;
        }, reasonOf)
      : Promise.resolve<Check<never>>({ ok: false, reason: "the database is unavailable" }),
  ]);
  const stopping = isStopping();
  return { ready: database.ok && !stopping, stopping, database, storage, queue };
}

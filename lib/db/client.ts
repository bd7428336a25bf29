import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";
import { PrismaClient } from "./generated/client.ts";
import { pgliteRunner, poolRunner, registerHotRunner } from "./hot-statements";
import { applyMigrations, type SqlRunner } from "./migrate";

type Db = PrismaClient;

const holder = globalThis as unknown as { darkroomDb?: Promise<Db>; darkroomDbDown?: string };

const BRAND = Symbol.for("darkroom.DatabaseUnavailableError");

/** The database could not be reached or migrated; `reason` says why (no credentials in it). */
export class DatabaseUnavailableError extends Error {
  // Next bundles this module into several route bundles: recognise the error by brand, not identity.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
  readonly [BRAND] = true;
  constructor(readonly reason: string, cause: unknown) {
    super(`The database is unavailable (${databaseTarget()}): ${reason}`, { cause });
  }
}

/** Which database this process uses, for log lines and health answers, with any password masked. */
export function databaseTarget(): string {
  const { DATABASE_URL, DARKROOM_DATA_DIR } = env();
  if (!DATABASE_URL) return `embedded PGlite in DARKROOM_DATA_DIR=${path.resolve(DARKROOM_DATA_DIR, "db")}`;
  const url = new URL(DATABASE_URL);
  if (url.password) url.password = "***";
  return `DATABASE_URL=${url.toString()}`;
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const { message, code } = (error ?? {}) as { message?: string; code?: string };
  return [code, message].filter(Boolean).join(": ") || String(error);
}

/** Undefined while the database answers; otherwise why the last connection attempt failed. */
export function databaseDownReason(): string | undefined {
  return holder.darkroomDbDown;
}

/**
 * The one Prisma client of this process, connected and migrated. PGlite under the data dir by default
 * (only one process may open it, so nothing touches it at import or build time); PostgreSQL when
 * DATABASE_URL is set. A failed connection is forgotten, so the next call tries again.
 */
export function db(): Promise<Db> {
  holder.darkroomDb ??= connect().then(
    (client) => {
      holder.darkroomDbDown = undefined;
      return client;
    },
    (error: unknown) => {
      holder.darkroomDb = undefined;
      holder.darkroomDbDown = describe(error);
      throw new DatabaseUnavailableError(holder.darkroomDbDown, error);
    },
  );
  return holder.darkroomDb;
}

async function connect(): Promise<Db> {
  const { DATABASE_URL, DARKROOM_DATA_DIR } = env();
  if (DATABASE_URL) {
    const [{ PrismaPg }, pg] = await Promise.all([import("@prisma/adapter-pg"), import("pg")]);
    // A server that drops packets must not hold the start-up retry loop for minutes.
    const client = new pg.default.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const runner: SqlRunner = {
        exec: (sql) => client.query(sql),
        query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
      };
      await applyMigrations(runner);
    } finally {
      await client.end();
    }
    const pool = new pg.default.Pool({ connectionString: DATABASE_URL, max: 20 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    registerHotRunner(prisma, poolRunner(pool));
    return prisma;
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const dir = path.resolve(DARKROOM_DATA_DIR, "db");
  await mkdir(dir, { recursive: true });
  // Postgres zeroes its whole shared buffer pool at start, so PGlite's default 128 MB is resident from the
  // first second. 16 MB holds a gateway's write path and the gallery's index pages; PGlite reads the rest
  // of its files through the OS page cache. startParams replaces PGlite's own, so they are kept.
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];
  const pglite = new PGlite(dir, { startParams: [...defaults, "-c", "shared_buffers=16MB"] });
  await pglite.waitReady;
  await applyMigrations(pglite);
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  registerHotRunner(client, pgliteRunner(pglite));
  await refreshStatistics(client);
  setInterval(() => void refreshStatistics(client).catch(() => undefined), 5 * 60_000).unref();
  return client;
}

/**
 * PGlite runs no autovacuum, so nothing keeps the planner's statistics current: without them a selective
 * filter (a prompt search matching nothing) scans the whole table. Like autovacuum, analyze each table a
 * tenth of which changed since its last analysis; counters start at zero in a new process, so the first
 * call analyzes everything.
 */
async function refreshStatistics(client: Db): Promise<void> {
  const stale = await client.$queryRaw<{ relname: string }[]>`
    SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NULL OR n_mod_since_analyze > 50 + 0.1 * n_live_tup`;
  for (const { relname } of stale) await client.$executeRawUnsafe(`ANALYZE "${relname}"`);
}

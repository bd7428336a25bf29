import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type SqlRunner } from "./migrate";

type Db = PrismaClient;

const holder = globalThis as unknown as { darkroomDb?: Promise<Db> };

/**
 * The one Prisma client of this process, connected and migrated. PGlite under the data dir by default
 * (only one process may open it, so nothing touches it at import or build time); PostgreSQL when
 * DATABASE_URL is set.
 */
export function db(): Promise<Db> {
  holder.darkroomDb ??= connect().catch((error: unknown) => {
    holder.darkroomDb = undefined;
    throw error;
  });
  return holder.darkroomDb;
}

async function connect(): Promise<Db> {
  const { DATABASE_URL, DARKROOM_DATA_DIR } = env();
  if (DATABASE_URL) {
    const [{ PrismaPg }, pg] = await Promise.all([import("@prisma/adapter-pg"), import("pg")]);
    const client = new pg.default.Client({ connectionString: DATABASE_URL });
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
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: DATABASE_URL, max: 20 }) });
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const dir = path.resolve(DARKROOM_DATA_DIR, "db");
  await mkdir(dir, { recursive: true });
  const pglite = new PGlite(dir);
  await pglite.waitReady;
  await applyMigrations(pglite);
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
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

import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The minimum a SQL driver must offer to apply migrations: PGlite and pg both fit. */
export interface SqlRunner {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

// Prisma's `migrate deploy` needs its native schema engine, which cannot be downloaded here, so the
// committed migration SQL is applied through the driver and recorded in Prisma's own bookkeeping table:
// the Prisma CLI (where it is available) sees the same history.
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only serializes concurrent app instances migrating one PostgreSQL database.
const ADVISORY_LOCK_KEY = 72_707_369;

export function migrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

export async function applyMigrations(runner: SqlRunner, dir = migrationsDir()): Promise<string[]> {
  const names = (await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  await runner.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await runner.exec(BOOKKEEPING);
    const done = await runner.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(done.rows.map((row) => row.migration_name));
    const newlyApplied: string[] = [];
    for (const name of names) {
      if (applied.has(name)) continue;
      const sql = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      await runner.exec(`BEGIN;\n${sql}\nCOMMIT;`).catch(async (error: unknown) => {
        await runner.exec("ROLLBACK;").catch(() => undefined);
        throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      await runner.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), checksum, name],
      );
      newlyApplied.push(name);
    }
    return newlyApplied;
  } finally {
    await runner.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
}

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll } from "vitest";
import { resetEnvForTests } from "@/lib/config/env";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { pgliteRunner, registerHotRunner } from "@/lib/db/hot-statements";
import { applyMigrations } from "@/lib/db/migrate";

/**
 * Runs the app's code in this process, without a server: a fresh data dir and in-memory PGlite (migrated)
 * become the process's database, with `env` on top. Returns a getter for the Prisma client.
 */
export function useInProcessApp(env: Record<string, string> = {}): () => PrismaClient {
  let pg: PGlite;
  let prisma: PrismaClient;
  beforeAll(async () => {
    Object.assign(process.env, { DARKROOM_DATA_DIR: await mkdtemp(path.join(tmpdir(), "darkroom-unit-")), DARKROOM_SIMULATOR: "on", LOG_LEVEL: "silent", ...env });
    resetEnvForTests();
    pg = new PGlite();
    await applyMigrations(pg);
    prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
    (globalThis as unknown as { darkroomDb?: Promise<PrismaClient> }).darkroomDb = Promise.resolve(prisma);
    registerHotRunner(prisma, pgliteRunner(pg));
    // What start-up registers before any work runs (the webhook payload renderer).
    (await import("@/lib/server/startup")).registerHooks();
    // Migrating a fresh PGlite takes seconds; on a loaded 2-core machine more than the default 10 s.
  }, 120_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await pg?.close();
  });
  return () => prisma;
}

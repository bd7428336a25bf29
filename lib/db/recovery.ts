import "server-only";
import { db } from "./client";

/**
 * Synchronous generations whose caller can never be answered become interrupted: those run by `self`'s
 * previous life (at start), by no known instance, or by an instance whose liveness lease ran out.
 * An instance that is alive keeps its lease fresh (lib/queue), so its running generations are left alone.
 * `all`: every pending one (the embedded database: no other instance can exist).
 */
export async function interruptAbandonedGenerations({ self, all = false }: { self?: string; all?: boolean }): Promise<number> {
  const client = await db();
  return client.$executeRaw`
    UPDATE "Generation" g SET "status" = 'interrupted', "errorCode" = 'interrupted',
      "errorMessage" = 'The server stopped before this generation finished', "completedAt" = now()::timestamp(3)
    WHERE g."status" = 'pending' AND g."async" = false
      AND (${all} OR g."runner" IS NULL OR g."runner" = ${self ?? null}
        OR NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."key" = 'instance:' || g."runner" AND l."until" >= now()))`;
}

/** Every pending async generation gets its queue job (a no-op for those that have one). */
export async function enqueuePendingAsyncGenerations(): Promise<number> {
  const client = await db();
  return client.$executeRaw`
    INSERT INTO "Job" ("id", "queue", "key", "payload")
    SELECT 'job_' || g."id", 'generation', 'generation:' || g."id", jsonb_build_object('generationId', g."id")
    FROM "Generation" g WHERE g."status" = 'pending' AND g."async" = true
    ON CONFLICT ("key") DO NOTHING`;
}

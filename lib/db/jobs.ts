import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "./generated/client.ts";
import { db } from "./client";

export interface JobRow {
  id: string;
  queue: string;
  key: string | null;
  payload: Prisma.JsonValue;
  attempts: number;
  maxAttempts: number;
}

export interface NewJob {
  queue: string;
  payload: Prisma.InputJsonValue;
  /** One job per key: enqueueing a key again does nothing. */
  key?: string;
  delayMs?: number;
  maxAttempts?: number;
}

/** Inserts the job; false when a job with its key already exists. */
export async function insertJob({ queue, payload, key, delayMs = 0, maxAttempts = 3 }: NewJob): Promise<boolean> {
  const client = await db();
  const id = `job_${randomUUID().replaceAll("-", "")}`;
  const inserted = await client.$executeRaw`
    INSERT INTO "Job" ("id", "queue", "key", "payload", "runAt", "maxAttempts")
    VALUES (${id}, ${queue}, ${key ?? null}, ${JSON.stringify(payload)}::jsonb, now() + ${delayMs} * interval '1 millisecond', ${maxAttempts})
    ON CONFLICT ("key") DO NOTHING`;
  return inserted > 0;
}

/** A recurring job's attempt cap: out of reach (its attempts count runs), and what tells it from other jobs. */
const RECURRING_MAX_ATTEMPTS = 2_000_000_000;

/**
 * A job that reschedules itself forever (one row per key): inserted once, and revived at the next start if it
 * ever ended (failed after its instance died too often).
 */
export async function ensureRecurringJob({ queue, key }: { queue: string; key: string }): Promise<void> {
  const client = await db();
  const id = `job_${randomUUID().replaceAll("-", "")}`;
  await client.$executeRaw`
    INSERT INTO "Job" ("id", "queue", "key", "payload", "maxAttempts") VALUES (${id}, ${queue}, ${key}, '{}'::jsonb, ${RECURRING_MAX_ATTEMPTS})
    ON CONFLICT ("key") DO UPDATE SET "state" = 'queued', "runAt" = now(), "attempts" = 0, "completedAt" = NULL
    WHERE "Job"."state" IN ('done', 'failed')`;
}

/**
 * Claims up to `limit` due jobs of `queues` for `holder` until now + `visibilityMs`: queued ones whose time
 * has come, and active ones whose lock ran out (their instance died). SKIP LOCKED lets instances claim side
 * by side without waiting on each other's rows.
 */
export async function claimJobs({ queues, holder, limit, visibilityMs }: { queues: string[]; holder: string; limit: number; visibilityMs: number }): Promise<JobRow[]> {
  if (limit <= 0) return [];
  const client = await db();
  return client.$queryRaw<JobRow[]>`
    UPDATE "Job" SET "state" = 'active', "lockedBy" = ${holder}, "lockedUntil" = now() + ${visibilityMs} * interval '1 millisecond',
      "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "Job"
      WHERE "queue" = ANY(${queues}::text[])
        AND (("state" = 'queued' AND "runAt" <= now()) OR ("state" = 'active' AND "lockedUntil" < now()))
      ORDER BY "runAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "queue", "key", "payload", "attempts", "maxAttempts"`;
}

/** When the next job of these queues comes due: a queued one's runAt, or an active one's lock running out. */
export async function nextJobDue({ queues }: { queues: string[] }): Promise<Date | undefined> {
  const client = await db();
  const [row] = await client.$queryRaw<{ at: Date | null }[]>`
    SELECT min(CASE WHEN "state" = 'queued' THEN "runAt" ELSE "lockedUntil" END) AS "at" FROM "Job"
    WHERE "queue" = ANY(${queues}::text[]) AND "state" IN ('queued', 'active')`;
  return row?.at ?? undefined;
}

/** Heartbeat: pushes the locks of the holder's running jobs forward; returns the ids it still holds. */
export async function extendJobLocks({ ids, holder, visibilityMs }: { ids: string[]; holder: string; visibilityMs: number }): Promise<string[]> {
  if (ids.length === 0) return [];
  const client = await db();
  const rows = await client.$queryRaw<{ id: string }[]>`
    UPDATE "Job" SET "lockedUntil" = now() + ${visibilityMs} * interval '1 millisecond'
    WHERE "id" = ANY(${ids}::text[]) AND "lockedBy" = ${holder} AND "state" = 'active'
    RETURNING "id"`;
  return rows.map((r) => r.id);
}

export async function completeJob({ id, holder }: { id: string; holder: string }): Promise<void> {
  const client = await db();
  await client.$executeRaw`
    UPDATE "Job" SET "state" = 'done', "completedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE "id" = ${id} AND "lockedBy" = ${holder}`;
}

/** Runs the job again after `delayMs`, or marks it failed for good when `delayMs` is undefined. */
export async function retryOrFailJob({ id, holder, delayMs, error }: { id: string; holder: string; delayMs?: number; error?: string }): Promise<void> {
  const client = await db();
  if (delayMs === undefined) {
    await client.$executeRaw`
      UPDATE "Job" SET "state" = 'failed', "completedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "lastError" = ${error ?? null}
      WHERE "id" = ${id} AND "lockedBy" = ${holder}`;
    return;
  }
  await client.$executeRaw`
    UPDATE "Job" SET "state" = 'queued', "runAt" = now() + ${delayMs} * interval '1 millisecond', "lockedBy" = NULL, "lockedUntil" = NULL,
      "lastError" = ${error ?? null}
    WHERE "id" = ${id} AND "lockedBy" = ${holder}`;
}

/**
 * Hands the holder's active jobs back to the queue at once: `ids` at a graceful shutdown (not counted as an
 * attempt), or all of them when a restart takes back what its previous life held (counted: a job that
 * keeps taking its instance down must run out of attempts).
 */
export async function releaseJobs({ holder, ids }: { holder: string; ids?: string[] }): Promise<number> {
  const client = await db();
  if (!ids) {
    return client.$executeRaw`
      UPDATE "Job" SET "state" = 'queued', "runAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL WHERE "state" = 'active' AND "lockedBy" = ${holder}`;
  }
  return client.$executeRaw`
    UPDATE "Job" SET "state" = 'queued', "runAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "attempts" = GREATEST(0, "attempts" - 1)
    WHERE "state" = 'active' AND "lockedBy" = ${holder} AND "id" = ANY(${ids}::text[])`;
}

export interface QueueStats {
  /** Backlog: one-off jobs waiting to run (now or after a retry's delay). */
  queued: number;
  /** Recurring jobs (the retention sweep) waiting for their next run: never backlog. */
  scheduled: number;
  active: number;
  failed: number;
  /** Age of the oldest one-off job due and waiting (ms), 0 when none waits. */
  oldestDueMs: number;
}

export async function jobStats(): Promise<QueueStats> {
  const client = await db();
  const [row] = await client.$queryRaw<(Omit<QueueStats, "oldestDueMs"> & { oldest: number | null })[]>`
    SELECT count(*) FILTER (WHERE "state" = 'queued' AND "maxAttempts" <> ${RECURRING_MAX_ATTEMPTS})::int AS queued,
      count(*) FILTER (WHERE "state" = 'queued' AND "maxAttempts" = ${RECURRING_MAX_ATTEMPTS})::int AS scheduled,
      count(*) FILTER (WHERE "state" = 'active')::int AS active, count(*) FILTER (WHERE "state" = 'failed')::int AS failed,
      (EXTRACT(EPOCH FROM now() - min("runAt") FILTER (WHERE "state" = 'queued' AND "maxAttempts" <> ${RECURRING_MAX_ATTEMPTS} AND "runAt" <= now())) * 1000)::float8 AS oldest
    FROM "Job" WHERE "state" <> 'done'`;
  return {
    queued: row?.queued ?? 0,
    scheduled: row?.scheduled ?? 0,
    active: row?.active ?? 0,
    failed: row?.failed ?? 0,
    oldestDueMs: Math.max(0, Number(row?.oldest ?? 0)),
  };
}

export async function findJob({ key }: { key: string }) {
  const client = await db();
  return client.job.findUnique({ where: { key } });
}

/** Finished jobs older than `olderThanMs` go (their outcome lives on the generation and delivery rows). */
export async function deleteFinishedJobs({ olderThanMs }: { olderThanMs: number }): Promise<number> {
  const client = await db();
  return client.$executeRaw`
    DELETE FROM "Job" WHERE "state" IN ('done', 'failed') AND "completedAt" < now() - ${olderThanMs} * interval '1 millisecond'`;
}

/**
 * Runs `update` once per job and `mark`: the mark is set in the job's payload in the same statement, so a
 * job run again after its instance died cannot apply the update a second time. `update` is an UPDATE whose
 * WHERE the guard is appended to. True when it changed a row.
 */
async function oncePerJob(jobId: string, mark: string, update: Prisma.Sql): Promise<boolean> {
  const client = await db();
  const changed = await client.$executeRaw`
    WITH marked AS (
      UPDATE "Job" SET "payload" = "payload" || jsonb_build_object(${mark}::text, true)
      WHERE "id" = ${jobId} AND NOT COALESCE(("payload"->>${mark}::text)::boolean, false)
      RETURNING "id"
    )
    ${update} AND EXISTS (SELECT 1 FROM marked)`;
  return changed > 0;
}

/** Settles a budget reservation carried by a job, once per job (the "settled" mark), whatever reruns it. */
export async function settleJobReservation({ jobId, apiKeyId, month, reservedUsd, actualUsd }: { jobId: string; apiKeyId: string; month: string; reservedUsd: number; actualUsd: number }): Promise<boolean> {
  return oncePerJob(
    jobId,
    "settled",
    Prisma.sql`UPDATE "ApiKeyBudget" SET "reservedUsd" = GREATEST(0, "reservedUsd" - ${reservedUsd}::float8), "spentUsd" = "spentUsd" + ${actualUsd}::float8
      WHERE "apiKeyId" = ${apiKeyId} AND "month" = ${month}`,
  );
}

/** Releases a user's budget hold carried by a job, once per job (the "userReleased" mark), whatever reruns it. */
export async function releaseJobUserReservation({ jobId, userId, month, amountUsd }: { jobId: string; userId: string; month: string; amountUsd: number }): Promise<boolean> {
  return oncePerJob(
    jobId,
    "userReleased",
    Prisma.sql`UPDATE "UserBudgetReservation" SET "reservedUsd" = GREATEST(0, "reservedUsd" - ${amountUsd}::float8) WHERE "userId" = ${userId} AND "month" = ${month}`,
  );
}

/** Every active job back to the queue (the embedded database at start: no other instance can hold one). */
export async function releaseAllJobs(): Promise<number> {
  const client = await db();
  return client.$executeRaw`
    UPDATE "Job" SET "state" = 'queued', "runAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL WHERE "state" = 'active'`;
}

/** Records a provider job a generation job submitted (payload.providerJobs[key]), for a resumed run to poll. */
export async function recordProviderJob({ jobId, key, job }: { jobId: string; key: string; job: unknown }): Promise<void> {
  const client = await db();
  await client.$executeRaw`
    UPDATE "Job" SET "payload" = jsonb_set("payload", '{providerJobs}', COALESCE("payload"->'providerJobs', '{}'::jsonb) || jsonb_build_object(${key}::text, ${JSON.stringify(job)}::jsonb))
    WHERE "id" = ${jobId}`;
}

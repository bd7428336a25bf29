import "server-only";
import type { AttemptRecord } from "@/lib/generation/attempt";
import { db } from "./client";

interface AttemptRow {
  id: string;
  provider: string;
  providerModelId: string;
  status: string;
  errorKind: string | null;
  httpStatus: number | null;
  latencyMs: number;
  startedAt: Date;
}

const attemptOf = (r: AttemptRow) => ({
  id: r.id,
  provider: r.provider,
  providerModelId: r.providerModelId,
  status: r.status as "succeeded" | "failed",
  errorKind: (r.errorKind ?? undefined) as AttemptRecord["errorKind"],
  httpStatus: r.httpStatus ?? undefined,
  latencyMs: r.latencyMs,
  startedAt: r.startedAt,
});

/**
 * The providers' attempts that ended at or after `since` (every instance's: the attempt records are the
 * shared health state). Filtered per provider and by start time so the (provider, startedAt) index serves
 * it; `longestMs` bounds how long before `since` an attempt that ended after it can have started.
 */
export async function attemptsEndedSince({ providers, since, longestMs }: { providers: string[]; since: Date; longestMs: number }) {
  if (providers.length === 0) return [];
  const client = await db();
  const rows = await client.$queryRaw<AttemptRow[]>`
    SELECT "id", "provider", "providerModelId", "status", "errorKind", "httpStatus", "latencyMs", "startedAt" FROM "Attempt"
    WHERE "provider" = ANY(${providers}::text[]) AND "startedAt" >= ${new Date(since.getTime() - longestMs)}
      AND "startedAt" + "latencyMs" * interval '1 millisecond' >= ${since}
    ORDER BY "startedAt" ASC LIMIT 2000`;
  return rows.map(attemptOf);
}

/** The latest attempts per provider, oldest first: the health book is rebuilt from them at start. */
export async function recentAttempts({ perProvider }: { perProvider: number }) {
  const client = await db();
  const rows = await client.$queryRaw<AttemptRow[]>`
    SELECT id, provider, "providerModelId", status, "errorKind", "httpStatus", "latencyMs", "startedAt" FROM (
      SELECT *, row_number() OVER (PARTITION BY provider ORDER BY "startedAt" DESC) AS rank FROM "Attempt"
    ) ranked WHERE rank <= ${perProvider} ORDER BY "startedAt" ASC`;
  return rows.map(attemptOf);
}

import "server-only";
import type { AttemptRecord } from "@/lib/generation/attempt";
import { db } from "./client";

/**
 * The providers' attempts that ended at or after `since` (every instance's: the attempt records are the
 * shared health state). Filtered per provider and by start time so the (provider, startedAt) index serves
 * it; `longestMs` bounds how long before `since` an attempt that ended after it can have started.
 */
export async function attemptsEndedSince({ providers, since, longestMs }: { providers: string[]; since: Date; longestMs: number }) {
  if (providers.length === 0) return [];
  const client = await db();
  const rows = await client.$queryRaw<{ id: string; provider: string; providerModelId: string; status: string; errorKind: string | null; httpStatus: number | null; latencyMs: number; startedAt: Date }[]>`
    SELECT "id", "provider", "providerModelId", "status", "errorKind", "httpStatus", "latencyMs", "startedAt" FROM "Attempt"
    WHERE "provider" = ANY(${providers}::text[]) AND "startedAt" >= ${new Date(since.getTime() - longestMs)}
      AND "startedAt" + "latencyMs" * interval '1 millisecond' >= ${since}
    ORDER BY "startedAt" ASC LIMIT 2000`;
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    providerModelId: r.providerModelId,
    status: r.status as "succeeded" | "failed",
    errorKind: (r.errorKind ?? undefined) as AttemptRecord["errorKind"],
    httpStatus: r.httpStatus ?? undefined,
    latencyMs: r.latencyMs,
    startedAt: r.startedAt,
  }));
}

import "server-only";
import { Prisma, type GenerationStatus } from "./generated/client.ts";
import { db } from "./client";
import type { OwnerScope } from "./usage";

export interface RequestFilter {
  from?: Date;
  to?: Date;
  status?: string;
  model?: string;
  provider?: string;
  /** An API key id, or "none" for requests no virtual key made. */
  key?: string;
  owner?: OwnerScope;
}

function requestWhere(filter: RequestFilter): Prisma.GenerationWhereInput {
  const createdAt = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  return {
    ...(filter.owner ?? {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
    ...(filter.status ? { status: filter.status as GenerationStatus } : {}),
    ...(filter.model ? { model: filter.model } : {}),
    ...(filter.provider ? { provider: filter.provider } : {}),
    // A key filter cannot widen a user-less key's own scope: both must match.
    ...(filter.key ? { AND: [{ apiKeyId: filter.key === "none" ? null : filter.key }] } : {}),
  };
}

function requestConditions(filter: RequestFilter): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (filter.owner?.userId) parts.push(Prisma.sql`g."userId" = ${filter.owner.userId}`);
  if (filter.owner?.apiKeyId) parts.push(Prisma.sql`g."apiKeyId" = ${filter.owner.apiKeyId}`);
  if (filter.from) parts.push(Prisma.sql`g."createdAt" >= ${filter.from}`);
  if (filter.to) parts.push(Prisma.sql`g."createdAt" < ${filter.to}`);
  if (filter.status) parts.push(Prisma.sql`g."status"::text = ${filter.status}`);
  if (filter.model) parts.push(Prisma.sql`g."model" = ${filter.model}`);
  if (filter.provider) parts.push(Prisma.sql`g."provider" = ${filter.provider}`);
  if (filter.key === "none") parts.push(Prisma.sql`g."apiKeyId" IS NULL`);
  else if (filter.key) parts.push(Prisma.sql`g."apiKeyId" = ${filter.key}`);
  return parts;
}

export interface RequestAttempt {
  provider: string;
  providerModelId: string;
  status: string;
  errorKind: string | null;
  latencyMs: number;
  costUsd: number;
}

export interface RequestRow {
  id: string;
  createdAt: Date;
  completedAt: Date | null;
  status: GenerationStatus;
  source: string;
  model: string;
  provider: string | null;
  errorCode: string | null;
  latencyMs: number | null;
  costUsd: number;
  simulated: boolean;
  apiKeyId: string | null;
  userId: string | null;
  images: number;
  attempts: RequestAttempt[];
}

type JsonRequestRow = Omit<RequestRow, "createdAt" | "completedAt" | "attempts"> & { createdAt: string; completedAt: string | null; attempts: RequestAttempt[] | null };

// JSON prints a timestamp without time zone as local time: the columns hold UTC.
const utc = (timestamp: string) => new Date(`${timestamp}Z`);

async function anchorExists(id: string, owner: OwnerScope | undefined): Promise<boolean> {
  const client = await db();
  return (await client.generation.count({ where: { id, ...(owner ?? {}) } })) > 0;
}

/**
 * One page of requests, newest first, keyset-paginated on (createdAt, id) after `startingAfter`; undefined
 * when the cursor names no request the filter's owner may see. One query: attempts and image counts come
 * along as subqueries of the page's rows only.
 */
export async function listRequests(filter: RequestFilter, limit: number, startingAfter?: string) {
  const client = await db();
  const conditions = requestConditions(filter);
  if (startingAfter) {
    // The cursor must be a row the owner may see: another member's id matches no anchor, so no page.
    const owned = [
      Prisma.sql`c."id" = ${startingAfter}`,
      ...(filter.owner?.userId ? [Prisma.sql`c."userId" = ${filter.owner.userId}`] : []),
      ...(filter.owner?.apiKeyId ? [Prisma.sql`c."apiKeyId" = ${filter.owner.apiKeyId}`] : []),
    ];
    conditions.push(Prisma.sql`(g."createdAt", g."id") < (SELECT c."createdAt", c."id" FROM "Generation" c WHERE ${Prisma.join(owned, " AND ")})`);
  }
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  // The page as one JSON value: a hundred rows of fifteen columns through the driver cost several times more.
  const [result] = await client.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(p ORDER BY p."createdAt" DESC, p."id" DESC)::text AS "rows" FROM (
      SELECT g."id", g."createdAt", g."completedAt", g."status"::text AS "status", g."source", g."model", g."provider", g."errorCode",
        g."latencyMs", g."costUsd", g."simulated", g."apiKeyId", g."userId",
        (SELECT COUNT(*) FROM "Image" i WHERE i."generationId" = g."id") AS "images",
        (SELECT json_agg(json_build_object('provider', a."provider", 'providerModelId', a."providerModelId", 'status', a."status",
            'errorKind', a."errorKind", 'latencyMs', a."latencyMs", 'costUsd', a."costUsd") ORDER BY a."startedAt", a."id")
          FROM "Attempt" a WHERE a."generationId" = g."id") AS "attempts"
      FROM "Generation" g ${where}
      ORDER BY g."createdAt" DESC, g."id" DESC
      LIMIT ${limit + 1}) p`;
  const raw = result?.rows ? (JSON.parse(result.rows) as JsonRequestRow[]) : [];
  if (startingAfter && raw.length === 0 && !(await anchorExists(startingAfter, filter.owner))) return undefined;
  const rows: RequestRow[] = raw.slice(0, limit).map((r) => ({
    ...r, createdAt: utc(r.createdAt), completedAt: r.completedAt === null ? null : utc(r.completedAt), attempts: r.attempts ?? [],
  }));
  return { rows, hasMore: raw.length > limit };
}

/** Totals for the same filters as listRequests. */
export async function summarizeRequests(filter: RequestFilter) {
  const client = await db();
  const where = requestWhere(filter);
  const [totals, byStatus] = await Promise.all([
    client.generation.aggregate({ where, _count: { _all: true }, _sum: { costUsd: true }, _avg: { latencyMs: true } }),
    client.generation.groupBy({ where, by: ["status"], _count: { _all: true } }),
  ]);
  return {
    requests: totals._count._all,
    costUsd: totals._sum.costUsd ?? 0,
    averageLatencyMs: totals._avg.latencyMs,
    byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])),
  };
}

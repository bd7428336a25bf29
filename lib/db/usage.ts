import "server-only";
import { Prisma } from "./generated/client.ts";
import { db } from "./client";

export type UsageBucket = "day" | "week" | "month";
export type UsageGroup = "model" | "provider" | "source" | "status";

export interface UsageFilter {
  from: Date;
  to: Date;
  model?: string;
  provider?: string;
  source?: string;
}

export interface UsageRow {
  bucket: Date;
  group: string;
  generations: number;
  images: number;
  costUsd: number;
  succeeded: number;
  partial: number;
  failed: number;
  contentPolicy: number;
  cancelled: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

// Column names are chosen from a closed set above, never from input, so building them into SQL is safe.
const GROUP_COLUMN: Record<UsageGroup, Prisma.Sql> = {
  model: Prisma.sql`g."model"`,
  provider: Prisma.sql`COALESCE(g."provider", 'none')`,
  source: Prisma.sql`g."source"`,
  status: Prisma.sql`g."status"::text`,
};

function whereClause(filter: UsageFilter): Prisma.Sql {
  const parts = [Prisma.sql`g."createdAt" >= ${filter.from}`, Prisma.sql`g."createdAt" < ${filter.to}`];
  if (filter.model) parts.push(Prisma.sql`g."model" = ${filter.model}`);
  if (filter.provider) parts.push(Prisma.sql`g."provider" = ${filter.provider}`);
  if (filter.source) parts.push(Prisma.sql`g."source" = ${filter.source}`);
  return Prisma.join(parts, " AND ");
}

interface RawUsageRow {
  bucket: Date;
  grp: string;
  generations: bigint;
  images: bigint;
  cost: number | null;
  succeeded: bigint;
  partial: bigint;
  failed: bigint;
  content_policy: bigint;
  cancelled: bigint;
  p50: number | null;
  p95: number | null;
}

/** Generations per time bucket and group: counts by outcome, images, cost and latency percentiles. */
export async function usageAggregates(filter: UsageFilter, bucket: UsageBucket, group: UsageGroup): Promise<UsageRow[]> {
  const client = await db();
  const rows = await client.$queryRaw<RawUsageRow[]>`
    SELECT date_trunc(${bucket}, g."createdAt") AS bucket, ${GROUP_COLUMN[group]} AS grp,
      COUNT(*) AS generations,
      COALESCE(SUM((SELECT COUNT(*) FROM "Image" i WHERE i."generationId" = g."id")), 0)::bigint AS images,
      SUM(g."costUsd") AS cost,
      COUNT(*) FILTER (WHERE g."status" = 'succeeded') AS succeeded,
      COUNT(*) FILTER (WHERE g."status" = 'partial') AS partial,
      COUNT(*) FILTER (WHERE g."status" IN ('failed', 'interrupted') AND COALESCE(g."errorCode", '') NOT IN ('content_policy_violation', 'cancelled')) AS failed,
      COUNT(*) FILTER (WHERE g."errorCode" = 'content_policy_violation') AS content_policy,
      COUNT(*) FILTER (WHERE g."errorCode" = 'cancelled' OR g."status"::text = 'cancelled') AS cancelled,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY g."latencyMs") AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY g."latencyMs") AS p95
    FROM "Generation" g
    WHERE ${whereClause(filter)}
    GROUP BY 1, 2
    ORDER BY 1, 2`;
  return rows.map((r) => ({
    bucket: new Date(`${r.bucket.toISOString().slice(0, 10)}T00:00:00Z`),
    group: r.grp,
    generations: Number(r.generations),
    images: Number(r.images),
    costUsd: r.cost ?? 0,
    succeeded: Number(r.succeeded),
    partial: Number(r.partial),
    failed: Number(r.failed),
    contentPolicy: Number(r.content_policy),
    cancelled: Number(r.cancelled),
    p50LatencyMs: r.p50 === null ? null : Number(r.p50),
    p95LatencyMs: r.p95 === null ? null : Number(r.p95),
  }));
}

export interface RequestFilter {
  from?: Date;
  to?: Date;
  status?: string;
  model?: string;
  provider?: string;
}

function requestWhere(filter: RequestFilter): Prisma.GenerationWhereInput {
  return {
    createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) },
    ...(filter.status ? { status: filter.status as Prisma.GenerationWhereInput["status"] } : {}),
    ...(filter.model ? { model: filter.model } : {}),
    ...(filter.provider ? { provider: filter.provider } : {}),
  };
}

/** One page of requests, newest first, keyset-paginated on (createdAt, id) after `startingAfter`. */
export async function listRequests(filter: RequestFilter, limit: number, startingAfter?: string) {
  const client = await db();
  const where = requestWhere(filter);
  const anchor = startingAfter
    ? await client.generation.findUnique({ where: { id: startingAfter }, select: { id: true, createdAt: true } })
    : null;
  if (startingAfter && !anchor) return undefined;
  const rows = await client.generation.findMany({
    where: anchor
      ? { AND: [where, { OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] }] }
      : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true, createdAt: true, completedAt: true, status: true, source: true, model: true, provider: true,
      errorCode: true, latencyMs: true, costUsd: true, simulated: true,
      attempts: { select: { provider: true, providerModelId: true, status: true, errorKind: true, latencyMs: true, costUsd: true }, orderBy: { startedAt: "asc" } },
      _count: { select: { images: true } },
    },
  });
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof listRequests>>>["rows"][number];

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

export interface EndpointStats {
  provider: string;
  providerModelId: string;
  attempts: number;
  successRate: number;
  contentPolicyRate: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** Per provider and model endpoint over a range: success and refusal rates and latency percentiles. */
export async function endpointStats(filter: UsageFilter): Promise<EndpointStats[]> {
  const client = await db();
  const rows = await client.$queryRaw<{ provider: string; pmid: string; n: bigint; ok: bigint; refused: bigint; p50: number | null; p95: number | null }[]>`
    SELECT a."provider", a."providerModelId" AS pmid, COUNT(*) AS n,
      COUNT(*) FILTER (WHERE a."status" = 'succeeded') AS ok,
      COUNT(*) FILTER (WHERE a."errorKind" = 'content_policy') AS refused,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY a."latencyMs") AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY a."latencyMs") AS p95
    FROM "Attempt" a JOIN "Generation" g ON g."id" = a."generationId"
    WHERE ${whereClause(filter)}
    GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 200`;
  return rows.map((r) => ({
    provider: r.provider,
    providerModelId: r.pmid,
    attempts: Number(r.n),
    successRate: Number(r.ok) / Number(r.n),
    contentPolicyRate: Number(r.refused) / Number(r.n),
    p50LatencyMs: r.p50 === null ? null : Number(r.p50),
    p95LatencyMs: r.p95 === null ? null : Number(r.p95),
  }));
}

/** The distinct values the filters can offer (only what exists). */
export async function usageFilterValues(): Promise<{ models: string[]; providers: string[]; sources: string[] }> {
  const client = await db();
  const [models, providers, sources] = await Promise.all([
    client.generation.findMany({ distinct: ["model"], select: { model: true }, orderBy: { model: "asc" } }),
    client.generation.findMany({ distinct: ["provider"], select: { provider: true }, where: { provider: { not: null } }, orderBy: { provider: "asc" } }),
    client.generation.findMany({ distinct: ["source"], select: { source: true }, orderBy: { source: "asc" } }),
  ]);
  return { models: models.map((m) => m.model), providers: providers.map((p) => p.provider!), sources: sources.map((s) => s.source) };
}

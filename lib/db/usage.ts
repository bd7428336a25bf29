import "server-only";
import { Prisma } from "./generated/client.ts";
import { db } from "./client";

export type UsageBucket = "day" | "week" | "month";
export type UsageGroup = "model" | "provider" | "key" | "user" | "source" | "status";

/** lib/auth/viewer ownerScope: `{}` sees every row, else only the user's or the key's. */
export interface OwnerScope {
  userId?: string;
  apiKeyId?: string;
}

export interface UsageFilter {
  from: Date;
  to: Date;
  model?: string;
  provider?: string;
  source?: string;
  /** An API key id (`key_…`), or "none" for requests no virtual key made. */
  key?: string;
  owner?: OwnerScope;
}

export interface UsageRow {
  bucket: Date;
  group: string;
  generations: number;
  images: number;
  costUsd: number;
  /** The cost ceiling (most expensive eligible provider's estimate) minus the cost, over answered generations. */
  savedUsd: number;
  succeeded: number;
  partial: number;
  failed: number;
  contentPolicy: number;
  cancelled: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** The group value of rows without one (no provider answered, no key, no user). */
export const NO_GROUP = "none";

// Column names are chosen from a closed set above, never from input, so building them into SQL is safe.
const GROUP_COLUMN: Record<UsageGroup, Prisma.Sql> = {
  model: Prisma.sql`g."model"`,
  provider: Prisma.sql`COALESCE(g."provider", ${NO_GROUP})`,
  key: Prisma.sql`COALESCE(g."apiKeyId", ${NO_GROUP})`,
  user: Prisma.sql`COALESCE(g."userId", ${NO_GROUP})`,
  source: Prisma.sql`g."source"`,
  status: Prisma.sql`g."status"::text`,
};

function ownerConditions(owner: OwnerScope | undefined): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (owner?.userId) parts.push(Prisma.sql`g."userId" = ${owner.userId}`);
  if (owner?.apiKeyId) parts.push(Prisma.sql`g."apiKeyId" = ${owner.apiKeyId}`);
  return parts;
}

export function whereClause(filter: UsageFilter): Prisma.Sql {
  const parts = [Prisma.sql`g."createdAt" >= ${filter.from}`, Prisma.sql`g."createdAt" < ${filter.to}`, ...ownerConditions(filter.owner)];
  if (filter.model) parts.push(Prisma.sql`g."model" = ${filter.model}`);
  if (filter.provider) parts.push(Prisma.sql`g."provider" = ${filter.provider}`);
  if (filter.source) parts.push(Prisma.sql`g."source" = ${filter.source}`);
  if (filter.key === NO_GROUP) parts.push(Prisma.sql`g."apiKeyId" IS NULL`);
  else if (filter.key) parts.push(Prisma.sql`g."apiKeyId" = ${filter.key}`);
  return Prisma.join(parts, " AND ");
}

interface RawUsageRow {
  bucket: Date;
  grp: string;
  generations: bigint;
  images: bigint;
  cost: number | null;
  saved: number | null;
  succeeded: bigint;
  partial: bigint;
  failed: bigint;
  content_policy: bigint;
  cancelled: bigint;
  p50: number | null;
  p95: number | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

/**
 * Generations per time bucket and group: counts by outcome, images, cost, what routing saved and latency
 * percentiles. A partial answer's ceiling counts only the share of images it delivered; failures save nothing.
 */
export async function usageAggregates(filter: UsageFilter, bucket: UsageBucket, group: UsageGroup): Promise<UsageRow[]> {
  const client = await db();
  const rows = await client.$queryRaw<RawUsageRow[]>`
    SELECT date_trunc(${bucket}, g."createdAt") AS bucket, ${GROUP_COLUMN[group]} AS grp,
      COUNT(*) AS generations,
      COALESCE(SUM(im.n), 0)::bigint AS images,
      SUM(g."costUsd") AS cost,
      SUM(CASE
        WHEN g."ceilingCostUsd" IS NULL THEN 0
        WHEN g."status" = 'succeeded' THEN g."ceilingCostUsd" - g."costUsd"
        WHEN g."status" = 'partial' THEN g."ceilingCostUsd" * im.n / GREATEST(g."n", 1) - g."costUsd"
        ELSE 0 END) AS saved,
      COUNT(*) FILTER (WHERE g."status" = 'succeeded') AS succeeded,
      COUNT(*) FILTER (WHERE g."status" = 'partial') AS partial,
      COUNT(*) FILTER (WHERE g."status" IN ('failed', 'interrupted') AND COALESCE(g."errorCode", '') NOT IN ('content_policy_violation', 'cancelled')) AS failed,
      COUNT(*) FILTER (WHERE g."errorCode" = 'content_policy_violation') AS content_policy,
      COUNT(*) FILTER (WHERE g."errorCode" = 'cancelled' OR g."status"::text = 'cancelled') AS cancelled,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY g."latencyMs") AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY g."latencyMs") AS p95
    FROM "Generation" g
    CROSS JOIN LATERAL (SELECT COUNT(*) AS n FROM "Image" i WHERE i."generationId" = g."id") im
    WHERE ${whereClause(filter)}
    GROUP BY 1, 2
    ORDER BY 1, 2`;
  return rows.map((r) => ({
    bucket: new Date(`${r.bucket.toISOString().slice(0, 10)}T00:00:00Z`),
    group: r.grp,
    generations: Number(r.generations),
    images: Number(r.images),
    costUsd: r.cost ?? 0,
    savedUsd: Math.round((r.saved ?? 0) * 1e6) / 1e6,
    succeeded: Number(r.succeeded),
    partial: Number(r.partial),
    failed: Number(r.failed),
    contentPolicy: Number(r.content_policy),
    cancelled: Number(r.cancelled),
    p50LatencyMs: num(r.p50),
    p95LatencyMs: num(r.p95),
  }));
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
    p50LatencyMs: num(r.p50),
    p95LatencyMs: num(r.p95),
  }));
}

/**
 * Circuit openings per breaker key (`provider/model` endpoint, or a bare provider for provider-wide faults)
 * over the range. Breakers are the gateway's, not a user's: every viewer sees the same counts.
 */
export async function breakerOpenings(range: { from: Date; to: Date; provider?: string }): Promise<Map<string, number>> {
  const client = await db();
  const provider = range.provider ? Prisma.sql`AND (e."endpoint" = ${range.provider} OR e."endpoint" LIKE ${`${range.provider}/%`})` : Prisma.empty;
  const rows = await client.$queryRaw<{ endpoint: string; n: bigint }[]>`
    SELECT e."endpoint", COUNT(*) AS n FROM "BreakerEvent" e
    WHERE e."openedAt" >= ${range.from} AND e."openedAt" < ${range.to} ${provider}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.endpoint, Number(r.n)]));
}

export interface UsageFilterValues {
  models: string[];
  providers: string[];
  sources: string[];
  keys: string[];
  users: string[];
}

/** The distinct values the filters can offer over the range (only what exists, only what the owner may see). */
export async function usageFilterValues(filter: Pick<UsageFilter, "from" | "to" | "owner">): Promise<UsageFilterValues> {
  const client = await db();
  const where = whereClause({ from: filter.from, to: filter.to, owner: filter.owner });
  const rows = await client.$queryRaw<{ kind: string; value: string }[]>`
    WITH g AS (SELECT g."model", g."provider", g."source", g."apiKeyId", g."userId" FROM "Generation" g WHERE ${where})
    SELECT DISTINCT 'model' AS kind, "model" AS value FROM g
    UNION SELECT DISTINCT 'provider', "provider" FROM g WHERE "provider" IS NOT NULL
    UNION SELECT DISTINCT 'source', "source" FROM g
    UNION SELECT DISTINCT 'key', "apiKeyId" FROM g WHERE "apiKeyId" IS NOT NULL
    UNION SELECT DISTINCT 'user', "userId" FROM g WHERE "userId" IS NOT NULL`;
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.value).sort();
  return { models: of("model"), providers: of("provider"), sources: of("source"), keys: of("key"), users: of("user") };
}

/** Display names for key and user group values: a key's name and prefix, a user's email. */
export async function groupLabels(group: UsageGroup, ids: string[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id) => id !== NO_GROUP);
  if (wanted.length === 0 || (group !== "key" && group !== "user")) return new Map();
  const client = await db();
  if (group === "key") {
    const keys = await client.apiKey.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, prefix: true } });
    return new Map(keys.map((k) => [k.id, `${k.name} (dk_${k.prefix}…)`]));
  }
  const users = await client.authUser.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}

import "server-only";
import { Prisma } from "./generated/client.ts";
import { db } from "./client";
import { NO_VALUE, rollUpDays, rollupValues } from "./usage-days";
import { bucketRows, planRange, type BucketQuery } from "./usage-rollup";

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
export const NO_GROUP = NO_VALUE;

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

/** The rollup holds whole-gateway figures: a filter or an owner scope reads the generations instead. */
const rollupAnswers = (filter: UsageFilter) =>
  !filter.model && !filter.provider && !filter.source && !filter.key && !filter.owner?.userId && !filter.owner?.apiKeyId;

const filteredRows = (query: BucketQuery, filter: UsageFilter) =>
  bucketRows(query, filter, (range) => whereClause({ ...filter, ...range }), rollupAnswers(filter));

/** percentile_cont over sorted values: linear interpolation between the closest ranks. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * A comma-separated list of whole ms (BucketRow.latencies) in ascending order, for exact percentiles. Parsed
 * by hand into an Int32Array, which sorts twice as fast as a Float64Array: a year of an endpoint's attempts
 * is a six-figure list.
 */
export function sortedLatencies(list: string): Int32Array {
  if (list === "") return new Int32Array(0);
  let count = 1;
  for (let i = list.indexOf(","); i !== -1; i = list.indexOf(",", i + 1)) count++;
  const out = new Int32Array(count);
  let k = 0;
  let v = 0;
  let sign = 1;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      out[k++] = sign * v;
      v = 0;
      sign = 1;
    } else if (c === 45) sign = -1;
    else v = v * 10 + c - 48;
  }
  out[k] = sign * v;
  return out.sort();
}

/** The start of the bucket a UTC day falls in (weeks start on Monday, as date_trunc has it). */
export function bucketStart(day: Date, bucket: UsageBucket): Date {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  if (bucket === "month") d.setUTCDate(1);
  if (bucket === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Generations per time bucket and group: counts by outcome, images, cost, what routing saved and latency
 * percentiles (null without `percentiles`). Settled days come from the daily rollup, the rest from the
 * generations, added up per bucket in SQL; both are exact, percentiles included.
 */
export async function usageAggregates(filter: UsageFilter, bucket: UsageBucket, group: UsageGroup, percentiles = true): Promise<UsageRow[]> {
  const rows = await filteredRows({ dimension: group, grain: bucket, latencies: percentiles }, filter);
  // Field by field rather than spread: a year of days by model is thousands of rows.
  return rows.map((r) => {
    const sorted = percentiles ? sortedLatencies(r.latencies) : undefined;
    return {
      bucket: new Date(`${r.bucket}T00:00:00Z`), group: r.value, generations: r.generations, images: r.images, costUsd: round6(r.costUsd),
      savedUsd: round6(r.savedUsd), succeeded: r.succeeded, partial: r.partial, failed: r.failed, contentPolicy: r.contentPolicy, cancelled: r.cancelled,
      p50LatencyMs: sorted ? percentile(sorted, 0.5) : null, p95LatencyMs: sorted ? percentile(sorted, 0.95) : null,
    };
  });
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
  const rows = await filteredRows({ dimension: "endpoint", grain: "all", latencies: true }, filter);
  return rows
    .map((m) => {
      const slash = m.value.indexOf("/");
      const sorted = sortedLatencies(m.latencies);
      return {
        provider: m.value.slice(0, slash),
        providerModelId: m.value.slice(slash + 1),
        attempts: m.generations,
        successRate: m.succeeded / m.generations,
        contentPolicyRate: m.contentPolicy / m.generations,
        p50LatencyMs: percentile(sorted, 0.5),
        p95LatencyMs: percentile(sorted, 0.95),
      };
    })
    .sort((a, b) => b.attempts - a.attempts)
    .slice(0, 200);
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

const VALUE_KINDS = { model: "models", provider: "providers", source: "sources", key: "keys", user: "users" } as const;

async function rawValues(where: Prisma.Sql): Promise<{ dimension: string; value: string }[]> {
  const client = await db();
  return client.$queryRaw`
    WITH g AS (SELECT g."model", g."provider", g."source", g."apiKeyId", g."userId" FROM "Generation" g WHERE ${where})
    SELECT DISTINCT 'model' AS dimension, "model" AS value FROM g
    UNION SELECT DISTINCT 'provider', "provider" FROM g WHERE "provider" IS NOT NULL
    UNION SELECT DISTINCT 'source', "source" FROM g
    UNION SELECT DISTINCT 'key', "apiKeyId" FROM g WHERE "apiKeyId" IS NOT NULL
    UNION SELECT DISTINCT 'user', "userId" FROM g WHERE "userId" IS NOT NULL`;
}

/** The distinct values the filters can offer over the range (only what exists, only what the owner may see). */
export async function usageFilterValues(filter: Pick<UsageFilter, "from" | "to" | "owner">): Promise<UsageFilterValues> {
  const plan = rollupAnswers(filter) ? planRange(filter.from, filter.to) : { raw: [filter] };
  if (plan.rollup) await rollUpDays(plan.rollup.from, plan.rollup.to);
  const parts = await Promise.all([
    plan.rollup ? rollupValues(plan.rollup.from, plan.rollup.to) : Promise.resolve([]),
    ...plan.raw.map((r) => rawValues(whereClause({ ...r, owner: filter.owner }))),
  ]);
  const values: UsageFilterValues = { models: [], providers: [], sources: [], keys: [], users: [] };
  for (const { dimension, value } of parts.flat()) {
    const kind = VALUE_KINDS[dimension as keyof typeof VALUE_KINDS];
    if (kind && value !== NO_VALUE) values[kind].push(value);
  }
  for (const kind of Object.values(VALUE_KINDS)) values[kind] = [...new Set(values[kind])].sort();
  return values;
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

import "server-only";
import { Prisma } from "./generated/client.ts";
import { db } from "./client";

/** A rollup dimension: the usage groups, and "endpoint" (attempts per provider/model endpoint). */
export type UsageDimension = "model" | "provider" | "key" | "user" | "source" | "status" | "endpoint";

/** What rows are summed over in SQL: a UTC day, an ISO week (from Monday), a month, or the whole range. */
export type UsageGrain = "day" | "week" | "month" | "all";

/** One bucket and dimension value's usage, from the rollup or straight from the generations. */
export interface BucketRow {
  /** The bucket's first day, 'YYYY-MM-DD'; null for the "all" grain. */
  bucket: string | null;
  value: string;
  /** Generations (attempts for "endpoint"). */
  generations: number;
  images: number;
  costUsd: number;
  savedUsd: number;
  /** Succeeded generations (succeeded attempts for "endpoint"). */
  succeeded: number;
  partial: number;
  failed: number;
  /** Refused by content policy (attempts refused for "endpoint"). */
  contentPolicy: number;
  cancelled: number;
  /**
   * Every latency in ms, comma-separated, unsorted ("" for none). Text rather than int[]: concatenating it
   * in SQL and parsing it in JS is several times cheaper than an array through the driver, and it stays exact.
   */
  latencies: string;
}

export const NO_VALUE = "none";

// Days go to SQL as 'YYYY-MM-DD' text: a Date parameter cast to date would follow the session's time zone.
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

// Chosen from a closed set, never from input, so building them into SQL is safe.
const VALUE_COLUMN: Record<Exclude<UsageDimension, "endpoint">, Prisma.Sql> = {
  model: Prisma.sql`g."model"`,
  provider: Prisma.sql`COALESCE(g."provider", ${NO_VALUE})`,
  key: Prisma.sql`COALESCE(g."apiKeyId", ${NO_VALUE})`,
  user: Prisma.sql`COALESCE(g."userId", ${NO_VALUE})`,
  source: Prisma.sql`g."source"`,
  status: Prisma.sql`g."status"::text`,
};

/** The bucket of a date column: date_trunc's weeks start on Monday, as bucketStart's do. */
function bucketOf(column: Prisma.Sql, grain: UsageGrain): Prisma.Sql {
  if (grain === "all") return Prisma.sql`NULL::date`;
  if (grain === "day") return Prisma.sql`${column}::date`;
  return Prisma.sql`date_trunc(${Prisma.raw(`'${grain}'`)}, ${column}::timestamp)::date`;
}

const latencyList = (column: Prisma.Sql, wanted: boolean) =>
  wanted ? Prisma.sql`COALESCE(string_agg(${column}::text, ','), '')` : Prisma.sql`''`;

/**
 * The generation columns of one bucket and value. Saved: the cost ceiling minus the cost for answered
 * generations (a partial answer's ceiling pro rata of the images it delivered); failures save nothing.
 */
const generationColumns = (latencies: boolean) => Prisma.sql`
  COUNT(*)::int AS "generations",
  COALESCE(SUM(im.n), 0)::int AS "images",
  COALESCE(SUM(g."costUsd"), 0)::float8 AS "costUsd",
  COALESCE(SUM(CASE
    WHEN g."ceilingCostUsd" IS NULL THEN 0
    WHEN g."status" = 'succeeded' THEN g."ceilingCostUsd" - g."costUsd"
    WHEN g."status" = 'partial' THEN g."ceilingCostUsd" * im.n / GREATEST(g."n", 1) - g."costUsd"
    ELSE 0 END), 0)::float8 AS "savedUsd",
  (COUNT(*) FILTER (WHERE g."status" = 'succeeded'))::int AS "succeeded",
  (COUNT(*) FILTER (WHERE g."status" = 'partial'))::int AS "partial",
  (COUNT(*) FILTER (WHERE g."status" IN ('failed', 'interrupted') AND COALESCE(g."errorCode", '') NOT IN ('content_policy_violation', 'cancelled')))::int AS "failed",
  (COUNT(*) FILTER (WHERE g."errorCode" = 'content_policy_violation'))::int AS "contentPolicy",
  (COUNT(*) FILTER (WHERE g."errorCode" = 'cancelled' OR g."status"::text = 'cancelled'))::int AS "cancelled",
  ${latencyList(Prisma.sql`g."latencyMs"`, latencies)} AS "latencies"`;

const endpointColumns = (latencies: boolean) => Prisma.sql`
  COUNT(*)::int AS "generations", 0 AS "images", COALESCE(SUM(a."costUsd"), 0)::float8 AS "costUsd", 0::float8 AS "savedUsd",
  (COUNT(*) FILTER (WHERE a."status" = 'succeeded'))::int AS "succeeded", 0 AS "partial",
  (COUNT(*) FILTER (WHERE a."status" = 'failed'))::int AS "failed",
  (COUNT(*) FILTER (WHERE a."errorKind" = 'content_policy'))::int AS "contentPolicy",
  (COUNT(*) FILTER (WHERE a."status" = 'cancelled'))::int AS "cancelled",
  ${latencyList(Prisma.sql`a."latencyMs"`, latencies)} AS "latencies"`;

/** Per bucket and value of the generations `where` selects (attempts of them for "endpoint"). */
export function rawPart(dimension: UsageDimension, where: Prisma.Sql, grain: UsageGrain, latencies: boolean): Prisma.Sql {
  const bucket = bucketOf(Prisma.sql`g."createdAt"`, grain);
  if (dimension === "endpoint") {
    return Prisma.sql`
      SELECT ${bucket} AS "bucket", a."provider" || '/' || a."providerModelId" AS "value", ${endpointColumns(latencies)}
      FROM "Attempt" a JOIN "Generation" g ON g."id" = a."generationId"
      WHERE ${where} GROUP BY 1, 2`;
  }
  return Prisma.sql`
    SELECT ${bucket} AS "bucket", ${VALUE_COLUMN[dimension]} AS "value", ${generationColumns(latencies)}
    FROM "Generation" g CROSS JOIN LATERAL (SELECT COUNT(*) AS n FROM "Image" i WHERE i."generationId" = g."id") im
    WHERE ${where} GROUP BY 1, 2`;
}

const SUMS = ["generations", "images", "costUsd", "savedUsd", "succeeded", "partial", "failed", "contentPolicy", "cancelled"] as const;
// Record and field separators: the value goes as JSON (which escapes control characters), the rest are
// dates and numbers, so neither can occur inside a field.
const RS = "\x1e";
const FS = "\x1f";

/** The summed columns, each as `format` writes it (closed set: safe to build into SQL). */
const sumColumns = (format: (column: string) => string) => Prisma.raw(SUMS.map(format).join(", "));

function parseLine(line: string): BucketRow {
  const f = line.split(FS);
  const n = (i: number) => Number(f[i + 2]);
  // JSON.parse only for values with an escape: most are plain ids.
  const value = f[0]!.includes("\\") ? (JSON.parse(f[0]!) as string) : f[0]!.slice(1, -1);
  return {
    value, bucket: f[1] || null, generations: n(0), images: n(1), costUsd: n(2), savedUsd: n(3), succeeded: n(4), partial: n(5),
    failed: n(6), contentPolicy: n(7), cancelled: n(8), latencies: f[SUMS.length + 2]!,
  };
}

/**
 * The rows of the parts of a range (rolled-up days, raw edges), ordered by bucket and value, as one query
 * returning one text value, a line per row: a row per bucket and value costs far more through the driver,
 * and PGlite builds text several times faster than json_agg (a year of days by model is thousands of
 * rows). Floats print in their shortest exact form, so sums stay exact. With `shared` the parts can hold
 * the same bucket and value (weeks, months, the whole range), which are added up; day buckets never are.
 */
export async function sumBuckets(parts: Prisma.Sql[], latencies: boolean, shared: boolean): Promise<BucketRow[]> {
  if (parts.length === 0) return [];
  const client = await db();
  const union = Prisma.join(parts, " UNION ALL ");
  const list = latencies ? Prisma.sql`COALESCE(string_agg(NULLIF(u."latencies", ''), ','), '')` : Prisma.sql`''`;
  const rows = shared
    ? Prisma.sql`SELECT u."bucket", u."value", ${sumColumns((c) => `SUM(u."${c}") AS "${c}"`)}, ${list} AS "latencies" FROM (${union}) u GROUP BY 1, 2`
    : union;
  const [result] = await client.$queryRaw<{ rows: string | null }[]>`
    SELECT string_agg(concat_ws(chr(31), to_json(s."value")::text, COALESCE(s."bucket"::text, ''), ${sumColumns((c) => `s."${c}"`)}, s."latencies"), chr(30) ORDER BY s."bucket", s."value" COLLATE "C") AS "rows"
    FROM (${rows}) s`;
  return result?.rows ? result.rows.split(RS).map(parseLine) : [];
}

/** The rolled-up rows of whole days in [from, to), each in its bucket. */
export const rollupPart = (dimension: UsageDimension, from: Date, to: Date, grain: UsageGrain, latencies: boolean) => Prisma.sql`
  SELECT ${bucketOf(Prisma.sql`"day"`, grain)} AS "bucket", "value", ${sumColumns((c) => `"${c}"`)}, ${latencies ? Prisma.sql`"latencies"` : Prisma.sql`''`} AS "latencies"
  FROM "UsageDaily" WHERE "dimension" = ${dimension} AND "day" >= ${isoDay(from)}::date AND "day" < ${isoDay(to)}::date`;

/** The distinct values of the dimensions over rolled-up days in [from, to). */
export async function rollupValues(from: Date, to: Date): Promise<{ dimension: string; value: string }[]> {
  const client = await db();
  return client.$queryRaw`
    SELECT DISTINCT "dimension", "value" FROM "UsageDaily" WHERE "day" >= ${isoDay(from)}::date AND "day" < ${isoDay(to)}::date AND "dimension" <> 'endpoint'`;
}

const DIMENSIONS: UsageDimension[] = [...(Object.keys(VALUE_COLUMN) as UsageDimension[]), "endpoint"];

/**
 * Rolls up every whole day in [from, to) not rolled up yet, in one transaction; concurrent callers' rows
 * collide on the primary keys and are skipped. Only settled days may be passed (see usage-rollup.ts).
 */
export async function rollUpDays(from: Date, to: Date): Promise<void> {
  const client = await db();
  const missing = await client.$queryRaw<{ n: number }[]>`
    SELECT COUNT(*)::int AS n FROM generate_series(${isoDay(from)}::timestamp, ${isoDay(to)}::timestamp - interval '1 day', interval '1 day') d
    WHERE NOT EXISTS (SELECT 1 FROM "UsageDay" u WHERE u."day" = d::date)`;
  if ((missing[0]?.n ?? 0) === 0) return;
  const where = Prisma.sql`g."createdAt" >= ${from} AND g."createdAt" < ${to}
    AND NOT EXISTS (SELECT 1 FROM "UsageDay" u WHERE u."day" = g."createdAt"::date)`;
  await client.$transaction([
    ...DIMENSIONS.map((dimension) => client.$executeRaw`
      INSERT INTO "UsageDaily" ("day", "value", "generations", "images", "costUsd", "savedUsd", "succeeded", "partial", "failed", "contentPolicy", "cancelled", "latencies", "dimension")
      SELECT *, ${dimension}::text FROM (${rawPart(dimension, where, "day", true)}) s ON CONFLICT DO NOTHING`),
    client.$executeRaw`
      INSERT INTO "UsageDay" ("day") SELECT d::date FROM generate_series(${isoDay(from)}::timestamp, ${isoDay(to)}::timestamp - interval '1 day', interval '1 day') d
      ON CONFLICT DO NOTHING`,
  ]);
}

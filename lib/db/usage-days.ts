import "server-only";
import { Prisma } from "./generated/client.ts";
import { db } from "./client";

/** A rollup dimension: the usage groups, and "endpoint" (attempts per provider/model endpoint). */
export type UsageDimension = "model" | "provider" | "key" | "user" | "source" | "status" | "endpoint";

/** One day and dimension value's usage: what UsageDaily holds, and what the raw queries return. */
export interface DayRow {
  day: Date;
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
  latencies: number[];
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

/**
 * The generation columns of one day and value. Saved: the cost ceiling minus the cost for answered
 * generations (a partial answer's ceiling pro rata of the images it delivered); failures save nothing.
 */
const GENERATION_COLUMNS = Prisma.sql`
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
  COALESCE(array_agg(g."latencyMs") FILTER (WHERE g."latencyMs" IS NOT NULL), '{}') AS "latencies"`;

const ENDPOINT_COLUMNS = Prisma.sql`
  COUNT(*)::int AS "generations", 0 AS "images", COALESCE(SUM(a."costUsd"), 0)::float8 AS "costUsd", 0::float8 AS "savedUsd",
  (COUNT(*) FILTER (WHERE a."status" = 'succeeded'))::int AS "succeeded", 0 AS "partial",
  (COUNT(*) FILTER (WHERE a."status" = 'failed'))::int AS "failed",
  (COUNT(*) FILTER (WHERE a."errorKind" = 'content_policy'))::int AS "contentPolicy",
  (COUNT(*) FILTER (WHERE a."status" = 'cancelled'))::int AS "cancelled",
  array_agg(a."latencyMs") AS "latencies"`;

type JsonDayRow = Omit<DayRow, "day"> & { day: string };

/**
 * Runs a day-row query as one JSON value: a row per day and value costs far more through the driver than
 * the same figures in one document (a year by model is thousands of rows).
 */
async function asDayRows(select: Prisma.Sql): Promise<DayRow[]> {
  const client = await db();
  const [result] = await client.$queryRaw<{ rows: JsonDayRow[] | string }[]>`SELECT COALESCE(json_agg(s), '[]'::json) AS "rows" FROM (${select}) s`;
  const rows = typeof result!.rows === "string" ? (JSON.parse(result!.rows) as JsonDayRow[]) : result!.rows;
  return rows.map((r) => ({ ...r, day: new Date(`${r.day.slice(0, 10)}T00:00:00Z`) }));
}

/** Per day and value, straight from the generations (and their attempts) that `where` selects. */
export async function rawDayRows(dimension: UsageDimension, where: Prisma.Sql): Promise<DayRow[]> {
  if (dimension === "endpoint") {
    return asDayRows(Prisma.sql`
      SELECT g."createdAt"::date AS "day", a."provider" || '/' || a."providerModelId" AS "value", ${ENDPOINT_COLUMNS}
      FROM "Attempt" a JOIN "Generation" g ON g."id" = a."generationId"
      WHERE ${where} GROUP BY 1, 2`);
  }
  return asDayRows(Prisma.sql`
    SELECT g."createdAt"::date AS "day", ${VALUE_COLUMN[dimension]} AS "value", ${GENERATION_COLUMNS}
    FROM "Generation" g CROSS JOIN LATERAL (SELECT COUNT(*) AS n FROM "Image" i WHERE i."generationId" = g."id") im
    WHERE ${where} GROUP BY 1, 2`);
}

/** Rolled-up rows of whole days in [from, to); without latencies when no percentile is wanted. */
export async function rollupDayRows(dimension: UsageDimension, from: Date, to: Date, latencies = true): Promise<DayRow[]> {
  return asDayRows(Prisma.sql`
    SELECT "day", "value", "generations", "images", "costUsd", "savedUsd", "succeeded", "partial", "failed",
      "contentPolicy", "cancelled", ${latencies ? Prisma.sql`"latencies"` : Prisma.sql`'{}'::int[] AS "latencies"`}
    FROM "UsageDaily" WHERE "dimension" = ${dimension} AND "day" >= ${isoDay(from)}::date AND "day" < ${isoDay(to)}::date`);
}

/** The distinct values of the dimensions over rolled-up days in [from, to). */
export async function rollupValues(from: Date, to: Date): Promise<{ dimension: string; value: string }[]> {
  const client = await db();
  return client.$queryRaw`
    SELECT DISTINCT "dimension", "value" FROM "UsageDaily" WHERE "day" >= ${isoDay(from)}::date AND "day" < ${isoDay(to)}::date AND "dimension" <> 'endpoint'`;
}

const DIMENSIONS = Object.keys(VALUE_COLUMN) as Exclude<UsageDimension, "endpoint">[];

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
  const insert = (dimension: UsageDimension, select: Prisma.Sql) => client.$executeRaw`
    INSERT INTO "UsageDaily" ("day", "value", "generations", "images", "costUsd", "savedUsd", "succeeded", "partial", "failed", "contentPolicy", "cancelled", "latencies", "dimension")
    SELECT *, ${dimension}::text FROM (${select}) s ON CONFLICT DO NOTHING`;
  await client.$transaction([
    ...DIMENSIONS.map((dimension) =>
      insert(dimension, Prisma.sql`
        SELECT g."createdAt"::date AS "day", ${VALUE_COLUMN[dimension]} AS "value", ${GENERATION_COLUMNS}
        FROM "Generation" g CROSS JOIN LATERAL (SELECT COUNT(*) AS n FROM "Image" i WHERE i."generationId" = g."id") im
        WHERE ${where} GROUP BY 1, 2`),
    ),
    insert("endpoint", Prisma.sql`
      SELECT g."createdAt"::date AS "day", a."provider" || '/' || a."providerModelId" AS "value", ${ENDPOINT_COLUMNS}
      FROM "Attempt" a JOIN "Generation" g ON g."id" = a."generationId" WHERE ${where} GROUP BY 1, 2`),
    client.$executeRaw`
      INSERT INTO "UsageDay" ("day") SELECT d::date FROM generate_series(${isoDay(from)}::timestamp, ${isoDay(to)}::timestamp - interval '1 day', interval '1 day') d
      ON CONFLICT DO NOTHING`,
  ]);
}

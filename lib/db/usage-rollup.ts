import "server-only";
import type { Prisma } from "./generated/client.ts";
import { rawPart, rollUpDays, rollupPart, sumBuckets, type BucketRow, type UsageDimension, type UsageGrain } from "./usage-days";

const DAY_MS = 86_400_000;
const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (d: Date) => new Date(Math.ceil(d.getTime() / DAY_MS) * DAY_MS);

/**
 * Days before this are settled: every generation made on them has finished (deadlines are minutes), so
 * their rollup never changes. Today and yesterday are always read from the generations themselves.
 */
export const settledBefore = (now = new Date()) => floorDay(new Date(now.getTime() - DAY_MS));

export interface RangePlan {
  /** Whole settled days read from the rollup; absent when the range holds none. */
  rollup?: { from: Date; to: Date };
  /** The rest, read from the generations. */
  raw: { from: Date; to: Date }[];
}

/** Splits [from, to) into a partial first day, whole settled days, and the unsettled (or partial) rest. */
export function planRange(from: Date, to: Date, now = new Date()): RangePlan {
  const start = ceilDay(from);
  const end = new Date(Math.min(floorDay(to).getTime(), settledBefore(now).getTime()));
  if (start >= end) return { raw: [{ from, to }] };
  const raw = [{ from, to: start }, { from: end, to }].filter((r) => r.from < r.to);
  return { rollup: { from: start, to: end }, raw };
}

export interface BucketQuery {
  dimension: UsageDimension;
  grain: UsageGrain;
  /** Whether the rows carry their latencies (for percentiles); the charts need only the sums. */
  latencies: boolean;
}

/**
 * Rows of one dimension over [from, to), one per bucket and value, ordered by both: settled days from the
 * rollup, the rest from the generations `where(range)` selects, added up in SQL. With `useRollup` false
 * (filters or an owner scope the rollup cannot answer) everything is read raw.
 */
export async function bucketRows(
  query: BucketQuery,
  range: { from: Date; to: Date },
  where: (range: { from: Date; to: Date }) => Prisma.Sql,
  useRollup: boolean,
): Promise<BucketRow[]> {
  const { dimension, grain, latencies } = query;
  const plan = useRollup ? planRange(range.from, range.to) : { raw: [range] };
  if (plan.rollup) await rollUpDays(plan.rollup.from, plan.rollup.to);
  return sumBuckets(
    [
      ...(plan.rollup ? [rollupPart(dimension, plan.rollup.from, plan.rollup.to, grain, latencies)] : []),
      ...plan.raw.map((r) => rawPart(dimension, where(r), grain, latencies)),
    ],
    latencies,
    grain !== "day",
  );
}

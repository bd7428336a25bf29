import "server-only";
import { z } from "zod";
import { endpointStats, listRequests, usageFilterValues, summarizeRequests, usageAggregates, type RequestFilter, type UsageFilter } from "@/lib/db/usage";

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 3660;

const isoDate = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), "must be an ISO date");

export const usageQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  bucket: z.enum(["day", "week", "month"]).default("day"),
  group_by: z.enum(["model", "provider", "source", "status"]).default("model"),
  model: z.string().max(200).optional(),
  provider: z.string().max(100).optional(),
  source: z.string().max(50).optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** The range a usage query covers: `to` defaults to now, `from` to 30 days before `to`. */
export function usageRange(from: Date | undefined, to: Date | undefined): { from: Date; to: Date } {
  const end = to ?? new Date();
  const start = from ?? new Date(end.getTime() - 30 * DAY_MS);
  if (start >= end) throw new RangeError("`from` must be before `to`");
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new RangeError(`the range is longer than ${MAX_RANGE_DAYS} days`);
  return { from: start, to: end };
}

export async function usageReport(query: UsageQuery) {
  const filter: UsageFilter = { ...usageRange(query.from, query.to), model: query.model, provider: query.provider, source: query.source };
  const rows = await usageAggregates(filter, query.bucket, query.group_by);
  return { filter, rows };
}

export const requestsQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(["pending", "succeeded", "partial", "failed", "interrupted", "cancelled"]).optional(),
  model: z.string().max(200).optional(),
  provider: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().regex(/^gen_[a-z0-9]{1,64}$/).optional(),
  summary: z.enum(["true", "false"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export type RequestsQuery = z.infer<typeof requestsQuerySchema>;

function requestFilter(query: RequestsQuery): RequestFilter {
  return { from: query.from, to: query.to, status: query.status, model: query.model, provider: query.provider };
}

/** A page of requests; undefined when `starting_after` names no generation. */
export const requestsPage = (query: RequestsQuery) => listRequests(requestFilter(query), query.limit, query.starting_after);
export const requestsSummary = (query: RequestsQuery) => summarizeRequests(requestFilter(query));

export interface UsageSeries {
  buckets: string[];
  groups: string[];
  /** One point per bucket: the bucket label plus a value per group. */
  cost: Record<string, number | string>[];
  images: Record<string, number | string>[];
}

/** Pivots aggregate rows into chart series: one row per bucket, one column per group. */
export function toSeries(rows: Awaited<ReturnType<typeof usageAggregates>>): UsageSeries {
  const buckets = [...new Set(rows.map((r) => r.bucket.toISOString().slice(0, 10)))];
  const groups = [...new Set(rows.map((r) => r.group))];
  const blank = () => buckets.map((b) => ({ bucket: b, ...Object.fromEntries(groups.map((g) => [g, 0])) }) as Record<string, number | string>);
  const cost = blank();
  const images = blank();
  for (const r of rows) {
    const i = buckets.indexOf(r.bucket.toISOString().slice(0, 10));
    cost[i]![r.group] = Math.round(((cost[i]![r.group] as number) + r.costUsd) * 1e6) / 1e6;
    images[i]![r.group] = (images[i]![r.group] as number) + r.images;
  }
  return { buckets, groups, cost, images };
}

/** Everything the /usage page draws, for one filter. */
export async function usageDashboard(query: UsageQuery) {
  const filter: UsageFilter = { ...usageRange(query.from, query.to), model: query.model, provider: query.provider, source: query.source };
  const [rows, endpoints] = await Promise.all([usageAggregates(filter, query.bucket, query.group_by), endpointStats(filter)]);
  const outcomes = { succeeded: 0, partial: 0, failed: 0, contentPolicy: 0, cancelled: 0 };
  for (const r of rows) {
    outcomes.succeeded += r.succeeded;
    outcomes.partial += r.partial;
    outcomes.failed += r.failed;
    outcomes.contentPolicy += r.contentPolicy;
    outcomes.cancelled += r.cancelled;
  }
  const totals = rows.reduce((t, r) => ({ costUsd: t.costUsd + r.costUsd, images: t.images + r.images, generations: t.generations + r.generations }), { costUsd: 0, images: 0, generations: 0 });
  return { filter, series: toSeries(rows), outcomes, totals, endpoints };
}
export type { EndpointStats } from "@/lib/db/usage";
export { usageFilterValues };

import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { breakerOpenings, bucketStart, endpointStats, groupLabels, usageFilterValues, type EndpointStats, type UsageBucket } from "@/lib/db/usage";
import { healthKey } from "@/lib/router/health";
import { serverContext } from "@/lib/server/context";
import { labelledAggregates, usageFilter, type LabelledRow, type UsageQuery } from "./usage";

export interface UsageSeries {
  buckets: string[];
  /** Column ids of the stacks, in the order their colours are given. */
  groups: string[];
  /** Column id → what the legend says. */
  labels: Record<string, string>;
  /** Per group (in `groups` order), a value per bucket (in `buckets` order). */
  cost: number[][];
  images: number[][];
}

/** More stacks than this read as noise (and cost page weight): the rest are drawn as one "other" stack. */
export const MAX_STACKS = 8;
// Not a value any group can have: model, provider, key and user values never start with a space.
export const OTHER = " other";

/** The top groups by spend (then images), the rest folded into OTHER. */
function keptGroups(rows: LabelledRow[]): Set<string> {
  const totals = new Map<string, [number, number]>();
  for (const r of rows) {
    const t = totals.get(r.group) ?? [0, 0];
    totals.set(r.group, [t[0] + r.costUsd, t[1] + r.images]);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1][0] - a[1][0] || b[1][1] - a[1][1]).map(([g]) => g);
  return new Set(ranked.length > MAX_STACKS ? ranked.slice(0, MAX_STACKS - 1) : ranked);
}

/** Every bucket the range touches, so quiet days show as gaps on the time axis rather than vanishing. */
export function bucketsOf(range: { from: Date; to: Date }, bucket: UsageBucket): string[] {
  const out: string[] = [];
  for (let d = bucketStart(range.from, bucket); d < range.to && out.length < 4000; ) {
    out.push(d.toISOString().slice(0, 10));
    d = new Date(d);
    if (bucket === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + (bucket === "week" ? 7 : 1));
  }
  return out;
}

/**
 * Pivots aggregate rows into chart series: a value per kept group and bucket of the range. Columns, not
 * points: a year of day buckets is sent to the browser with the page, so its weight is the page's weight
 * (the charts rebuild the points in the browser). Groups are short ids (`s0`, `s1`…, named through `labels`).
 */
export function toSeries(rows: LabelledRow[], range: { from: Date; to: Date }, bucket: UsageBucket): UsageSeries {
  const kept = keptGroups(rows);
  const groupOf = (g: string) => (kept.has(g) ? g : OTHER);
  const buckets = [...new Set([...bucketsOf(range, bucket), ...rows.map((r) => r.bucket.toISOString().slice(0, 10))])].sort();
  const values = [...new Set(rows.map((r) => groupOf(r.group)))];
  const column = new Map(values.map((v, i) => [v, i]));
  const folded = new Set(rows.filter((r) => !kept.has(r.group)).map((r) => r.group)).size;
  const labelOf = new Map(rows.map((r) => [r.group, r.label]));
  const labels = Object.fromEntries(values.map((v, i) => [`s${i}`, v === OTHER ? `${folded} others` : labelOf.get(v)!]));
  const index = new Map(buckets.map((b, i) => [b, i]));
  const cost = values.map(() => buckets.map(() => 0));
  const images = values.map(() => buckets.map(() => 0));
  for (const r of rows) {
    const i = index.get(r.bucket.toISOString().slice(0, 10))!;
    const g = column.get(groupOf(r.group))!;
    cost[g]![i]! += r.costUsd;
    images[g]![i]! += r.images;
  }
  return { buckets, groups: Object.keys(labels), labels, cost: cost.map((c) => c.map((v) => Math.round(v * 1e6) / 1e6)), images };
}

export interface EndpointHealthRow extends EndpointStats {
  /** The circuit breaker's state now (bounded by the provider's own circuit). */
  state: "closed" | "open" | "half-open";
  /** Circuit openings over the range: the endpoint's own plus its provider's provider-wide ones. */
  openings: number;
}

const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** Rates to a hundredth of a percent and latencies to the ms, as drawn: the rows travel with the page. */
function withBreakers(stats: EndpointStats[], openings: Map<string, number>): EndpointHealthRow[] {
  const { health } = serverContext();
  return stats.map((s) => {
    const key = healthKey(s);
    return {
      ...s, successRate: round(s.successRate, 4)!, contentPolicyRate: round(s.contentPolicyRate, 4)!, p50LatencyMs: round(s.p50LatencyMs, 0),
      p95LatencyMs: round(s.p95LatencyMs, 0), state: health.health(key).state, openings: (openings.get(key) ?? 0) + (openings.get(s.provider) ?? 0),
    };
  });
}

/** Everything the /usage page draws, for one filter, as the viewer may see it. */
export async function usageDashboard(query: UsageQuery, viewer: Viewer) {
  const filter = usageFilter(query, viewer);
  const [rows, stats, openings] = await Promise.all([
    // The charts draw sums only: the per-bucket latency lists stay in the database.
    labelledAggregates(filter, query, false),
    endpointStats(filter),
    breakerOpenings({ from: filter.from, to: filter.to, provider: filter.provider }),
  ]);
  const outcomes = { succeeded: 0, partial: 0, failed: 0, contentPolicy: 0, cancelled: 0 };
  const totals = { costUsd: 0, savedUsd: 0, images: 0, generations: 0 };
  for (const r of rows) {
    for (const k of Object.keys(outcomes) as (keyof typeof outcomes)[]) outcomes[k] += r[k];
    totals.costUsd += r.costUsd;
    totals.savedUsd += r.savedUsd;
    totals.images += r.images;
    totals.generations += r.generations;
  }
  return { filter, series: toSeries(rows, filter, query.bucket), outcomes, totals, endpoints: withBreakers(stats, openings) };
}

/** What the filters offer over the range, with readable names for keys and users. */
export async function usageFilterOptions(query: UsageQuery, viewer: Viewer) {
  const filter = usageFilter(query, viewer);
  const values = await usageFilterValues({ from: filter.from, to: filter.to, owner: filter.owner });
  const [keyLabels, userLabels] = await Promise.all([groupLabels("key", values.keys), groupLabels("user", values.users)]);
  const named = (ids: string[], labels: Map<string, string>): [string, string][] => ids.map((id) => [id, labels.get(id) ?? id]);
  return { ...values, keys: named(values.keys, keyLabels), users: named(values.users, userLabels) };
}

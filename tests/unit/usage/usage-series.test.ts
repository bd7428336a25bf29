import { describe, expect, it } from "vitest";
import { bucketStart, percentile, sortedLatencies } from "@/lib/db/usage";
import { planRange } from "@/lib/db/usage-rollup";
import { bucketsOf, MAX_STACKS, toSeries } from "@/lib/services/usage-dashboard";
import type { LabelledRow } from "@/lib/services/usage";

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const row = (bucket: string, group: string, costUsd: number, images: number): LabelledRow => ({
  bucket: day(bucket), group, label: `label ${group}`, generations: 1, images, costUsd, savedUsd: 0, succeeded: 1, partial: 0, failed: 0,
  contentPolicy: 0, cancelled: 0, p50LatencyMs: null, p95LatencyMs: null,
});

describe("usage series", () => {
  it("puts every bucket of the range on the axis, quiet ones at zero", () => {
    const series = toSeries([row("2026-11-03", "flux", 0.5, 2)], { from: day("2026-11-01"), to: day("2026-11-05") }, "day");
    expect(series.buckets).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
    expect(series.groups).toEqual(["s0"]);
    expect(series.labels).toEqual({ s0: "label flux" });
    // Columns, a value per bucket: quiet buckets at zero.
    expect(series.images).toEqual([[0, 0, 2, 0]]);
    expect(series.cost).toEqual([[0, 0, 0.5, 0]]);
  });

  it("keeps the top stacks by spend and folds the rest into one 'others' stack", () => {
    const rows = Array.from({ length: 12 }, (_, i) => row("2026-11-01", `m${i}`, i / 100, 1));
    const series = toSeries(rows, { from: day("2026-11-01"), to: day("2026-11-02") }, "day");
    expect(series.groups).toHaveLength(MAX_STACKS);
    const names = Object.values(series.labels);
    expect(names).toContain("label m11");
    expect(names).not.toContain("label m0");
    const others = series.groups.indexOf(Object.entries(series.labels).find(([, name]) => name === "5 others")![0]);
    expect(series.images[others]).toEqual([5]);
    expect(series.cost[others]![0]).toBeCloseTo(0.01 + 0.02 + 0.03 + 0.04, 9);
  });

  it("starts weeks on Monday and months on the 1st", () => {
    expect(bucketStart(day("2026-11-01"), "week").toISOString().slice(0, 10)).toBe("2026-10-26");
    expect(bucketStart(day("2026-11-18"), "month").toISOString().slice(0, 10)).toBe("2026-11-01");
    expect(bucketsOf({ from: day("2026-10-15"), to: day("2026-12-02") }, "month")).toEqual(["2026-10-01", "2026-11-01", "2026-12-01"]);
  });

  it("interpolates percentiles as percentile_cont does", () => {
    expect(percentile([1000, 3000], 0.5)).toBe(2000);
    expect(percentile([1000, 3000], 0.95)).toBe(2900);
    expect(percentile([], 0.5)).toBeNull();
  });

  it("reads a rollup's comma-separated latencies back in order", () => {
    expect([...sortedLatencies("3000,100,-1,20,100")]).toEqual([-1, 20, 100, 100, 3000]);
    expect(sortedLatencies("")).toHaveLength(0);
    expect(percentile(sortedLatencies("4000,100,1000,3000"), 0.95)).toBeCloseTo(3850, 9);
  });

  it("reads whole settled days from the rollup and the partial first day and the last two days live", () => {
    const now = new Date("2026-12-03T10:00:00Z");
    const plan = planRange(new Date("2026-11-01T12:00:00Z"), now, now);
    expect(plan.rollup).toEqual({ from: day("2026-11-02"), to: day("2026-12-02") });
    expect(plan.raw).toEqual([{ from: new Date("2026-11-01T12:00:00Z"), to: day("2026-11-02") }, { from: day("2026-12-02"), to: now }]);
    expect(planRange(day("2026-12-02"), now, now)).toEqual({ raw: [{ from: day("2026-12-02"), to: now }] });
  });
});

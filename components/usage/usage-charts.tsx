"use client";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Mid-tone colours that read on both the light and the dark background.
const PALETTE = ["#f59e0b", "#0ea5e9", "#10b981", "#a855f7", "#ef4444", "#64748b", "#ec4899", "#84cc16", "#14b8a6", "#f97316"];
export const colorAt = (i: number) => PALETTE[i % PALETTE.length]!;

export interface StackedChartProps {
  title: string;
  /** The x axis: each bucket's first day. */
  buckets: string[];
  /** Per group (in `groups` order), a value per bucket. */
  values: number[][];
  groups: string[];
  /** Group value → legend and tooltip name (key names, user emails). */
  labels?: Record<string, string>;
  unit?: "usd" | "count";
}

const formatUsd = (v: number) => (v >= 1 ? `$${v.toFixed(2)}` : `$${v.toFixed(4)}`);

/** Recharts' points from the columns the page sends (lighter than points); zeros left out, a bar of nothing. */
function toPoints(buckets: string[], values: number[][], groups: string[]): Record<string, number | string>[] {
  return buckets.map((bucket, i) => {
    const point: Record<string, number | string> = { bucket };
    groups.forEach((g, j) => {
      const v = values[j]?.[i];
      if (v) point[g] = v;
    });
    return point;
  });
}

/** Spend or images over time, one stacked bar per bucket, one colour per group. */
export function StackedChart({ title, buckets, values, groups, labels = {}, unit = "count" }: StackedChartProps) {
  const format = (v: unknown) => (unit === "usd" ? formatUsd(Number(v)) : String(v));
  const data = useMemo(() => toPoints(buckets, values, groups), [buckets, values, groups]);
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {!values.some((column) => column.some((v) => v > 0)) ? (
        <p className="py-12 text-center text-sm text-zinc-500">{unit === "usd" ? "Nothing spent in this range." : "Nothing in this range yet."}</p>
      ) : (
        <div className="h-64 w-full" role="img" aria-label={title}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
              <XAxis dataKey="bucket" tick={{ fontSize: 11, fill: "currentColor" }} stroke="currentColor" strokeOpacity={0.4} />
              <YAxis tickFormatter={format} allowDecimals={unit === "usd"} width={56} tick={{ fontSize: 11, fill: "currentColor" }} stroke="currentColor" strokeOpacity={0.4} />
              <Tooltip formatter={format} contentStyle={{ background: "var(--tooltip-bg, #18181b)", border: "none", borderRadius: 6, color: "#fafafa", fontSize: 12 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {groups.map((g, i) => (
                <Bar key={g} dataKey={g} name={labels[g] ?? g} stackId="a" fill={colorAt(i)} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

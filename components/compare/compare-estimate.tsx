"use client";
import { formatUsd } from "@/components/ui/format";
import type { useComparisonEstimate } from "./use-compare";

/** The estimated total before running: the sum over targets, with the simulated and failing ones counted. */
export function CompareEstimate({ estimate, label }: { estimate: ReturnType<typeof useComparisonEstimate>; label: (target: string) => string }) {
  const result = estimate.data;
  const targets = result?.data?.targets ?? [];
  const simulated = targets.filter((t) => t.simulated).length;
  const failing = targets.filter((t) => t.error).length;
  return (
    <section aria-label="Cost estimate" aria-busy={estimate.isFetching} className="rounded-lg border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      {!result ? (
        <p className="text-zinc-500">Estimating cost…</p>
      ) : result.error ? (
        <p className="text-amber-800 dark:text-amber-300">Cannot estimate: {result.error.message}</p>
      ) : (
        <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
          <span className="text-zinc-600 dark:text-zinc-400">Estimated total</span>{" "}
          <strong className="text-base tabular-nums">{formatUsd(result.data.totalUsd)}</strong>{" "}
          <span className="text-zinc-600 dark:text-zinc-400">
            for {targets.length} {targets.length === 1 ? "target" : "targets"}
            {simulated ? `, ${simulated} on the simulator (free)` : ""}
            {failing ? `; ${failing} will fail before reaching a provider` : ""}
          </span>
          {targets.some((t) => t.withinMaxCost === false) ? (
            <span data-testid="max-cost-fit" className="basis-full text-xs text-amber-800 dark:text-amber-300">
              Over the max cost: {targets.filter((t) => t.withinMaxCost === false).map((t) => `${label(t.target)} (cheapest ${formatUsd(t.cheapest!.costUsd)} on ${t.cheapest!.providerName})`).join(", ")}
            </span>
          ) : targets.some((t) => t.withinMaxCost) ? (
            <span data-testid="max-cost-fit" className="basis-full text-xs text-zinc-600 dark:text-zinc-400">
              Every target fits the max cost.
            </span>
          ) : null}
        </p>
      )}
    </section>
  );
}

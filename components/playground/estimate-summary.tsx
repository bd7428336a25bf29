"use client";
import { SimulatedBadge } from "@/components/ui/badge";
import { formatUsd } from "@/components/ui/format";
import type { useEstimate } from "./use-generation";
import type { PlaygroundModel } from "./catalog";

type Estimate = NonNullable<NonNullable<ReturnType<typeof useEstimate>["data"]>["data"]>;

/** With a max cost set: which of the eligible providers fit under it, and which are over. */
function MaxCostFit({ data, nameOf }: { data: Estimate; nameOf: (provider: string) => string }) {
  if (!("max_cost" in data)) return null;
  const eligible = data.providers.filter((p) => p.eligible);
  const list = (fits: boolean) =>
    eligible
      .filter((p) => p.within_max_cost === fits)
      .map((p) => `${nameOf(p.provider)} (${formatUsd(p.estimated_cost_usd)})`)
      .join(", ");
  const fit = list(true);
  const over = list(false);
  return (
    <p data-testid="max-cost-fit" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
      Within {formatUsd(data.max_cost)}: {fit || "no provider"}
      {over ? <span className="text-amber-800 dark:text-amber-300">; over it: {over}</span> : null}
    </p>
  );
}

/** The dry run's answer before generating: cost, provider, size, and what will be adjusted or ignored. */
export function EstimateSummary({ estimate, model }: { estimate: ReturnType<typeof useEstimate>; model: PlaygroundModel }) {
  const result = estimate.data;
  // The model picker already shows the model's lifecycle; the rest says what the request would change.
  const adjustments = result?.data?.warnings.filter((w) => w.type !== "lifecycle") ?? [];
  return (
    <section aria-label="Cost estimate" aria-busy={estimate.isFetching} className="rounded-lg border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      {!result ? (
        <p className="text-zinc-500">Estimating cost…</p>
      ) : result.error ? (
        <p className="text-amber-800 dark:text-amber-300">Cannot estimate: {result.error.message}</p>
      ) : (
        <>
          <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
            <span className="text-zinc-600 dark:text-zinc-400">Estimated cost</span>
            <strong className="text-base tabular-nums">{formatUsd(result.data.estimated_cost_usd)}</strong>
            <span className="text-zinc-600 dark:text-zinc-400">
              for {result.data.n} {result.data.n === 1 ? "image" : "images"} at {result.data.size} on{" "}
              {model.providers.find((p) => p.id === result.data.provider)?.name ?? result.data.provider}
            </span>
            {result.data.providers.find((p) => p.provider === result.data.provider)?.simulated ? <SimulatedBadge /> : null}
          </p>
          <MaxCostFit data={result.data} nameOf={(id) => model.providers.find((p) => p.id === id)?.name ?? id} />
          {adjustments.length ? (
            <ul className="mt-2 list-disc pl-5 text-xs text-amber-800 dark:text-amber-300">
              {adjustments.map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}

import { formatMs, formatUsd } from "@/components/ui/format";
import type { CellState } from "./use-compare";

const MAX_NAMED_TIES = 3;

/** The best cells by one measure; a tie says so, as equal simulated prices always are. */
function best(cells: CellState[], measure: (cell: CellState) => number, label: (target: string) => string): { names: string; value: number } | null {
  if (cells.length === 0) return null;
  const value = Math.min(...cells.map(measure));
  const winners = cells.filter((c) => measure(c) === value).map((c) => label(c.target));
  if (winners.length === 1) return { names: winners[0]!, value };
  return { names: winners.length <= MAX_NAMED_TIES ? `${winners.join(", ")} (tie)` : `${winners.length}-way tie`, value };
}

/** Cheapest, fastest and total cost across the cells, updated as results arrive. */
export function ResultsSummary({ cells, label }: { cells: CellState[]; label: (target: string) => string }) {
  const succeeded = cells.filter((c) => c.state === "succeeded");
  const running = cells.filter((c) => c.state === "running").length;
  const cheapest = best(succeeded, (c) => c.costUsd ?? 0, label);
  const fastest = best(succeeded, (c) => c.latencyMs ?? 0, label);
  const total = cells.reduce((sum, c) => sum + (c.costUsd ?? 0), 0);
  const facts: [string, string][] = [
    ["Cheapest", cheapest ? `${cheapest.names} · ${formatUsd(cheapest.value)}` : "—"],
    ["Fastest", fastest ? `${fastest.names} · ${formatMs(fastest.value)}` : "—"],
    ["Total cost", `${formatUsd(total)}${running ? " so far" : ""}`],
    ["Succeeded", `${succeeded.length} of ${cells.length}${running ? ` (${running} running)` : ""}`],
  ];
  return (
    <section aria-label="Summary" className="rounded-lg border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 xl:grid-cols-4">
        {facts.map(([term, value]) => (
          <div key={term} className="flex flex-col">
            <dt className="text-xs text-zinc-500 dark:text-zinc-400">{term}</dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

import { colorAt } from "./usage-charts";

const LABELS: [key: string, label: string, color: string][] = [
  ["succeeded", "Succeeded", "#10b981"],
  ["partial", "Partial", "#f59e0b"],
  ["failed", "Failed", "#ef4444"],
  ["contentPolicy", "Refused by content policy", "#a855f7"],
  ["cancelled", "Cancelled", "#64748b"],
];

/** Generations by outcome as one proportional bar with a legend (no chart library needed for one bar). */
export function OutcomeBar({ outcomes }: { outcomes: Record<string, number> }) {
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  return (
    <figure className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <figcaption className="text-sm font-medium">Generations by outcome</figcaption>
      <div className="flex h-4 w-full overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800" role="img" aria-label="Generations by outcome">
        {total > 0
          ? LABELS.map(([key, label, color]) =>
              outcomes[key] ? <div key={key} title={`${label}: ${outcomes[key]}`} style={{ width: `${(100 * outcomes[key]!) / total}%`, background: color }} /> : null,
            )
          : null}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        {LABELS.map(([key, label, color]) => (
          <li key={key} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block size-2.5 rounded-sm" style={{ background: color ?? colorAt(0) }} />
            {label} <span className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{outcomes[key] ?? 0}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

"use client";
import type { EndpointHealthRow } from "@/lib/services/usage-dashboard";

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const ms = (v: number | null) => (v === null ? "–" : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const STATE_STYLE: Record<EndpointHealthRow["state"], string> = {
  closed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  "half-open": "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  open: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};

/**
 * One row per provider endpoint: success as a bar, the breaker now and its openings, refusals and latency.
 * A client component so the page carries the rows' figures, not their markup, twice (HTML and payload): a
 * gateway can have a couple of hundred endpoints.
 */
export function EndpointHealth({ endpoints }: { endpoints: EndpointHealthRow[] }) {
  return (
    <section aria-labelledby="endpoints" className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="endpoints" className="text-sm font-medium">Providers and endpoints</h2>
      {endpoints.length === 0 ? <p className="text-sm text-zinc-500">No provider attempts in this range.</p> : null}
      <ul className="flex flex-col gap-3 text-xs *:grid *:gap-1 sm:*:grid-cols-[minmax(0,14rem)_1fr_auto] sm:*:items-center sm:*:gap-3">
        {endpoints.map((e) => {
          const name = `${e.provider}/${e.providerModelId}`;
          return (
            <li key={name}>
              <span className="flex min-w-0 items-center gap-2">
                <span className="truncate font-mono" title={name}>{name}</span>
                <span className={`shrink-0 rounded px-1.5 py-0.5 text-[10px] font-medium ${STATE_STYLE[e.state]}`}>{`circuit ${e.state}`}</span>
              </span>
              <span className="flex h-2.5 overflow-hidden rounded bg-red-400/70" role="img" aria-label={`${pct(e.successRate)} succeeded`}>
                <span className="bg-emerald-500" style={{ width: pct(e.successRate) }} />
                <span className="bg-violet-500" style={{ width: pct(e.contentPolicyRate) }} />
              </span>
              <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
                {`${pct(e.successRate)} ok · ${pct(e.contentPolicyRate)} refused · p50 ${ms(e.p50LatencyMs)} · p95 ${ms(e.p95LatencyMs)} · ${count(e.attempts, "attempt")} · ${count(e.openings, "opening")}`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

"use client";
import { Badge, SimulatedBadge, StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { formatUsd } from "@/components/ui/format";
import type { TargetEstimate, TargetOption } from "@/lib/services/compare";

function TargetBadges({ option }: { option: TargetOption }) {
  return (
    <span className="flex flex-wrap items-center gap-1">
      {option.status !== "active" ? <StatusBadge status={option.status} /> : null}
      {option.providerName === null ? <Badge tone="blue">router chooses</Badge> : null}
      {!option.configured ? <Badge tone="red">not configured</Badge> : option.simulated ? <SimulatedBadge /> : null}
    </span>
  );
}

function EstimateLine({ estimate }: { estimate: TargetEstimate | undefined }) {
  if (!estimate) return null;
  if (estimate.error) return <p className="text-xs text-amber-800 dark:text-amber-300">Will fail: {estimate.error}</p>;
  return (
    <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
      Est. {formatUsd(estimate.costUsd ?? 0)} on {estimate.providerName}
    </p>
  );
}

/** The chosen targets, each removable, and a list of every model and model-provider pair to add from. */
export function TargetPicker({
  options,
  targets,
  estimates,
  min,
  max,
  error,
  onChange,
}: {
  options: TargetOption[];
  targets: string[];
  estimates: TargetEstimate[];
  min: number;
  max: number;
  error: string | null;
  onChange: (targets: string[]) => void;
}) {
  const byValue = new Map(options.map((o) => [o.value, o]));
  const models = [...new Set(options.map((o) => o.modelId))];
  const full = targets.length >= max;
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? "compare-targets-error" : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        Targets <span className="font-normal text-zinc-500">({min} to {max})</span>
      </legend>
      <ul aria-label="Targets" className="flex flex-col gap-2">
        {targets.map((target) => {
          const option = byValue.get(target);
          const label = option?.label ?? target;
          return (
            <li key={target} className="flex items-start justify-between gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
              <span className="flex min-w-0 flex-col gap-1">
                <span className="text-sm font-medium">{label}</span>
                <code className="truncate text-xs text-zinc-500 dark:text-zinc-400">{target}</code>
                {option ? <TargetBadges option={option} /> : null}
                <EstimateLine estimate={estimates.find((e) => e.target === target)} />
              </span>
              <Button size="sm" variant="ghost" aria-label={`Remove ${label}`} onClick={() => onChange(targets.filter((t) => t !== target))}>
                ✕
              </Button>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id="compare-targets-error" className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <label htmlFor="compare-add-target" className="mt-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        Add a target
      </label>
      <select
        id="compare-add-target"
        value=""
        disabled={full}
        onChange={(e) => {
          if (e.target.value) onChange([...targets, e.target.value]);
        }}
        aria-describedby="compare-add-target-hint"
        className={inputClass}
      >
        <option value="">{full ? `${max} targets is the most` : "Choose a model or a model on one provider…"}</option>
        {models.map((modelId) => {
          const group = options.filter((o) => o.modelId === modelId);
          return (
            <optgroup key={modelId} label={group[0]!.modelName}>
              {group.map((o) => (
                <option key={o.value} value={o.value} disabled={targets.includes(o.value)}>
                  {o.providerName === null ? `${o.modelName} (router chooses the provider)` : `on ${o.providerName}`}
                  {!o.configured ? " (not configured)" : o.simulated ? " (simulated)" : ""}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
      <p id="compare-add-target-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
        A model lets the router choose its provider; a model on one provider pins it, to see whether the same model differs between providers. A provider
        that is not configured can still be picked: its cell explains why it failed.
      </p>
    </fieldset>
  );
}

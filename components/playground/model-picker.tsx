"use client";
import { useEffect, useId, useRef, useState } from "react";
import { Badge, SimulatedBadge, StatusBadge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { formatUsd } from "@/components/ui/format";
import { routedPrice, type PlaygroundModel } from "./catalog";

function PriceTag({ model }: { model: PlaygroundModel }) {
  const price = routedPrice(model);
  return <span className="text-xs text-zinc-500 dark:text-zinc-400">{price === null ? "no configured provider" : `${formatUsd(price)} / image`}</span>;
}

function ConfiguredProviders({ model }: { model: PlaygroundModel }) {
  const configured = model.providers.filter((p) => p.configured);
  return (
    <span className="flex flex-wrap items-center gap-1">
      {configured.map((p) => (p.simulated ? <SimulatedBadge key={p.id} /> : <Badge key={p.id} tone="green">{p.name}</Badge>))}
      {configured.length === 0 ? <Badge tone="red">not configured</Badge> : null}
    </span>
  );
}

/** Choose a model by name or id, seeing its status, price and configured providers; optionally pin a provider. */
export function ModelPicker({
  models,
  model,
  provider,
  error,
  onModelChange,
  onProviderChange,
}: {
  models: PlaygroundModel[];
  model: PlaygroundModel;
  provider: string;
  error: string | null;
  onModelChange: (id: string) => void;
  onProviderChange: (provider: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const panelId = useId();
  const search = useRef<HTMLInputElement>(null);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = models.filter((m) => words.every((w) => `${m.name} ${m.id} ${m.creator}`.toLowerCase().includes(w)));

  useEffect(() => {
    if (open) search.current?.focus();
  }, [open]);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1.5">
        <span id={`${panelId}-label`} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Model
        </span>
        <button
          type="button"
          aria-labelledby={`${panelId}-label ${panelId}-current`}
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
          className={cx(inputClass, "flex items-center justify-between gap-2 text-left")}
        >
          <span id={`${panelId}-current`} className="flex min-w-0 flex-col">
            <span className="flex items-center gap-2 font-medium">
              {model.name} <StatusBadge status={model.status} />
            </span>
            <span className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{model.id}</span>
          </span>
          <span className="flex shrink-0 flex-col items-end gap-1">
            <PriceTag model={model} />
            <ConfiguredProviders model={model} />
          </span>
        </button>
      </div>

      {open ? (
        <div
          id={panelId}
          className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
          onKeyDown={(e) => {
            if (e.key === "Escape") setOpen(false);
          }}
        >
          <label htmlFor={`${panelId}-search`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Search models
          </label>
          <input
            id={`${panelId}-search`}
            ref={search}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="imagen, flux, gpt…"
            className={inputClass}
          />
          <ul aria-label="Models" className="flex max-h-80 flex-col gap-1 overflow-y-auto">
            {matches.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  aria-current={m.id === model.id ? "true" : undefined}
                  onClick={() => {
                    onModelChange(m.id);
                    setOpen(false);
                    setQuery("");
                  }}
                  className={cx(
                    "flex w-full items-start justify-between gap-2 rounded-md px-2 py-1.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800",
                    m.id === model.id && "bg-amber-50 dark:bg-amber-950/40",
                  )}
                >
                  <span className="flex min-w-0 flex-col">
                    <span className="flex items-center gap-2 text-sm font-medium">
                      {m.name} <StatusBadge status={m.status} />
                    </span>
                    <span className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{m.id}</span>
                  </span>
                  <span className="flex shrink-0 flex-col items-end gap-1">
                    <PriceTag model={m} />
                    <ConfiguredProviders model={m} />
                  </span>
                </button>
              </li>
            ))}
            {matches.length === 0 ? <li className="px-2 py-1.5 text-sm text-zinc-500">No model matches “{query}”.</li> : null}
          </ul>
        </div>
      ) : null}

      {model.status !== "active" && model.lifecycleNote ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">{model.lifecycleNote}</p>
      ) : null}

      <Field id="provider" label="Provider" error={error} hint="Automatic lets the router choose the cheapest configured provider, with fallback.">
        <select id="provider" value={provider} onChange={(e) => onProviderChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy("provider", { hint: true, error })} className={inputClass}>
          <option value="">Automatic</option>
          {model.providers.map((p) => (
            <option key={p.id} value={p.id} disabled={!p.configured}>
              {p.name}
              {p.pricePerImage !== null ? ` — ${formatUsd(p.pricePerImage)} / image` : ""}
              {p.configured ? (p.simulated ? " (simulated)" : "") : " (not configured)"}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

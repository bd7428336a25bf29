"use client";
import { useMemo, useState } from "react";
import { useDebounced } from "@/components/playground/use-debounced";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { submitHandlers } from "@/components/ui/submit-handlers";
import { formatUsd } from "@/components/ui/format";
import type { CompareCatalog, CompareSettings, ComparisonView, RecentComparison, TargetEstimate } from "@/lib/services/compare";
import { CompareEstimate } from "./compare-estimate";
import { ImageLightbox } from "./image-lightbox";
import { PixelCompare } from "./pixel-compare";
import { RecentComparisons } from "./recent-comparisons";
import { ResultCell } from "./result-cell";
import { ResultsSummary } from "./results-summary";
import { SettingsFields, type SettingsErrors, type SettingsForm } from "./settings-fields";
import { TargetPicker } from "./target-picker";
import { useComparisonEstimate, useComparisonRun, type ShownComparison } from "./use-compare";

const RECENT_SHOWN = 12;

const toForm = (s: CompareSettings, maxCost: string): SettingsForm => ({ ...s, seed: s.seed === null ? "" : String(s.seed), maxCost });

/** null: no cap; undefined: not a non-negative number. */
function parseMaxCost(text: string): number | null | undefined {
  if (text.trim() === "") return null;
  const cap = Number(text);
  return Number.isFinite(cap) && cap >= 0 ? cap : undefined;
}

/** A target whose cheapest quote is over the cap, in the words the playground uses for max_cost_exceeded. */
function overCapMessage(over: TargetEstimate, cap: number, label: string): string {
  return `No provider can make ${label} for ${formatUsd(cap)} or less: the cheapest quote is ${formatUsd(over.cheapest!.costUsd)} on ${over.cheapest!.providerName}. Raise the max cost or remove that target.`;
}

function parseSeed(text: string, max: number): number | null | undefined {
  if (text.trim() === "") return null;
  const seed = Number(text);
  return Number.isInteger(seed) && seed >= 0 && seed <= max ? seed : undefined;
}

function ShareLink({ origin, id }: { origin: string; id: string }) {
  const url = `${origin}/compare/${id}`;
  return (
    <p className="flex min-w-0 flex-wrap items-center gap-2 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400">Shareable link:</span>
      <a href={`/compare/${id}`} className="min-w-0 truncate font-mono text-xs underline underline-offset-2">
        {url}
      </a>
      <CopyButton text={url} label="Copy link" />
    </p>
  );
}

/** The compare page: settings and targets, then every target's result side by side, and recent comparisons. */
export function CompareStudio({
  catalog,
  origin,
  initialSettings,
  initialTargets,
  initialMaxCost = "",
  initialComparison,
  recent,
}: {
  catalog: CompareCatalog;
  origin: string;
  initialSettings: CompareSettings;
  initialTargets: string[];
  /** max_cost from the page's link, as text. */
  initialMaxCost?: string;
  initialComparison: ComparisonView | null;
  recent: RecentComparison[];
}) {
  const [form, setForm] = useState(() => toForm(initialSettings, initialMaxCost));
  const [targets, setTargets] = useState(initialTargets);
  const [errors, setErrors] = useState<SettingsErrors & { targets?: string | null }>({});
  const [recentList, setRecentList] = useState(recent);
  const [enlarged, setEnlarged] = useState<string | null>(null);
  const labels = useMemo(() => new Map(catalog.targets.map((t) => [t.value, t.label])), [catalog.targets]);
  const label = (target: string) => labels.get(target) ?? target;

  const run = useComparisonRun(initialComparison, (c: ShownComparison) => {
    const entry: RecentComparison = { id: c.id, createdAt: new Date().toISOString(), prompt: c.settings.prompt, targetLabels: c.targets.map(label), thumbnails: [], failed: 0 };
    setRecentList((list) => [entry, ...list.filter((r) => r.id !== c.id)].slice(0, RECENT_SHOWN));
  });

  const seed = parseSeed(form.seed, catalog.maxSeed);
  const settings = useMemo(
    (): CompareSettings => ({ prompt: form.prompt, negativePrompt: form.negativePrompt, seed: seed ?? null, aspectRatio: form.aspectRatio, resolution: form.resolution }),
    [form, seed],
  );
  const maxCost = parseMaxCost(form.maxCost);
  const cap = maxCost ?? null;
  const estimateInput = useDebounced(useMemo(() => ({ settings, targets, maxCost: cap }), [settings, targets, cap]), 300);
  const estimate = useComparisonEstimate(estimateInput);

  const update = (patch: Partial<SettingsForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setErrors({});
  };

  function submit() {
    // The dry run already knows which targets no provider can serve under the cap: they would only fail.
    const over = cap === null ? undefined : estimate.data?.data?.targets.find((t) => t.withinMaxCost === false);
    const found = {
      prompt: form.prompt.trim() ? null : "Write a prompt to compare",
      seed: seed === undefined ? `The seed must be a whole number from 0 to ${catalog.maxSeed}, or blank for a random one` : null,
      targets: targets.length < catalog.minTargets ? `Pick at least ${catalog.minTargets} targets` : null,
      maxCost: maxCost === undefined ? "The max cost must be a number of USD, 0 or more, or blank for no limit" : over ? overCapMessage(over, cap!, label(over.target)) : null,
    };
    setErrors(found);
    if (found.prompt || found.seed || found.targets || found.maxCost) return;
    void run.start({ settings, targets, maxCost: cap });
  }

  const shown = run.shown;
  const serverError = run.error;
  const fieldOfError = serverError?.param?.replace(/^settings\./, "") ?? null;
  const generalError = serverError && !["prompt", "seed", "targets"].includes(fieldOfError ?? "") ? serverError.message : null;
  const errorFor = (field: "prompt" | "seed" | "targets") => errors[field] ?? (fieldOfError === field ? serverError!.message : null);
  const succeeded = shown?.cells.filter((c) => c.state === "succeeded" && c.image) ?? [];
  const enlargedCell = shown?.cells.find((c) => c.target === enlarged) ?? null;
  const recentWithLive = recentList.map((r) => (shown && r.id === shown.id && r.thumbnails.length === 0 ? { ...r, thumbnails: succeeded.map((c) => c.image!.thumbnail) } : r));

  return (
    <div className="grid gap-8 xl:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
      <form
        aria-label="Comparison settings"
        noValidate
        {...submitHandlers(submit)}
        className="flex flex-col gap-5"
      >
        <SettingsFields
          form={form}
          errors={{ prompt: errorFor("prompt"), seed: errorFor("seed"), maxCost: errors.maxCost }}
          aspectRatios={catalog.aspectRatios}
          resolutions={catalog.resolutions}
          maxSeed={catalog.maxSeed}
          onChange={update}
        />
        <TargetPicker
          options={catalog.targets}
          targets={targets}
          estimates={estimate.data?.data?.targets ?? []}
          min={catalog.minTargets}
          max={catalog.maxTargets}
          error={errorFor("targets")}
          onChange={(next) => {
            setTargets(next);
            setErrors({});
          }}
        />
        <CompareEstimate estimate={estimate} label={label} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={run.creating}>
            {run.creating ? <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-zinc-950 border-t-transparent" /> : null}
            Compare
          </Button>
          {/* Touch screens have no Ctrl key to press. */}
          <span className="text-xs text-zinc-500 pointer-coarse:hidden dark:text-zinc-400">
            <kbd className="font-sans">Ctrl</kbd>+<kbd className="font-sans">Enter</kbd>
          </span>
        </div>
        {generalError ? (
          <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            {generalError}
          </p>
        ) : null}
      </form>

      <div className="flex min-w-0 flex-col gap-8">
        {shown ? (
          <section aria-labelledby="compare-results-title" className="flex flex-col gap-4">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <h2 id="compare-results-title" className="text-base font-semibold">
                Results
              </h2>
              <Button onClick={() => void run.runAgain()} disabled={run.creating}>
                Run again
              </Button>
            </div>
            <ShareLink origin={origin} id={shown.id} />
            <p className="text-sm text-zinc-700 dark:text-zinc-300">
              <span className="text-zinc-500 dark:text-zinc-400">Prompt:</span> {shown.settings.prompt}
              {shown.settings.negativePrompt ? (
                <>
                  {" "}
                  <span className="text-zinc-500 dark:text-zinc-400">· Negative:</span> {shown.settings.negativePrompt}
                </>
              ) : null}{" "}
              <span className="text-zinc-500 tabular-nums dark:text-zinc-400">
                · Seed {shown.settings.seed} · {shown.settings.aspectRatio} · {shown.settings.resolution}
                {shown.maxCost === null ? null : <span data-testid="comparison-max-cost"> · Max cost {formatUsd(shown.maxCost)}</span>}
              </span>
            </p>
            <ResultsSummary cells={shown.cells} label={label} />
            <div className="grid grid-cols-[repeat(auto-fill,minmax(15rem,1fr))] gap-4">
              {shown.cells.map((cell) => (
                <ResultCell
                  key={`${shown.id}-${cell.target}`}
                  cell={cell}
                  label={label(cell.target)}
                  prompt={shown.settings.prompt}
                  aspectRatio={shown.settings.aspectRatio}
                  onEnlarge={() => setEnlarged(cell.target)}
                />
              ))}
            </div>
          </section>
        ) : (
          <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-12 text-center text-sm text-zinc-500 dark:border-zinc-700">
            Write a prompt and compare: each target’s result appears here side by side, as soon as it arrives.
          </p>
        )}
        {succeeded.length >= 2 ? <PixelCompare key={shown!.id} cells={succeeded} label={label} /> : null}
        <RecentComparisons comparisons={recentWithLive} />
      </div>
      <ImageLightbox cell={enlargedCell} label={enlargedCell ? label(enlargedCell.target) : ""} onClose={() => setEnlarged(null)} />
    </div>
  );
}

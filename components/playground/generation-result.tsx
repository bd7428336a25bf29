"use client";
import { Badge, SimulatedBadge } from "@/components/ui/badge";
import { formatMs, formatUsd } from "@/components/ui/format";
import { ImageCard, type ImageCardImage } from "./image-card";
import type { HistoryEntry } from "./session-history";

/** One finished generation: what it cost, who made it, how long it took, what changed, and its images. */
export function GenerationResult({
  entry,
  onUseSettings,
  onEdit,
}: {
  entry: HistoryEntry;
  onUseSettings: (entry: HistoryEntry, seed: number | null) => void;
  onEdit?: (image: ImageCardImage) => void;
}) {
  const d = entry.response.darkroom;
  const prompt = String(entry.body.prompt ?? "");
  return (
    <section aria-label="Result" className="flex flex-col gap-3">
      <dl className="flex flex-wrap gap-x-6 gap-y-2 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Provider</dt>
          <dd className="flex items-center gap-1.5 font-medium">
            {d.provider_name} {d.simulated ? <SimulatedBadge /> : null}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Cost</dt>
          <dd className="font-medium tabular-nums">{formatUsd(d.cost_usd)}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Latency</dt>
          <dd className="font-medium tabular-nums">{formatMs(d.latency_ms)}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Model</dt>
          <dd className="font-mono text-xs leading-5">{d.model}</dd>
        </div>
        {d.status === "partial" ? (
          <div>
            <dt className="text-xs text-zinc-500 dark:text-zinc-400">Status</dt>
            <dd>
              <Badge tone="amber">partial</Badge>
            </dd>
          </div>
        ) : null}
      </dl>
      {d.warnings.length || d.errors.length ? (
        <ul aria-label="Warnings" className="list-disc rounded-lg bg-amber-50 py-2 pr-3 pl-8 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {d.warnings.map((w, i) => (
            <li key={`w${i}`}>{w.message}</li>
          ))}
          {d.errors.map((e) => (
            <li key={`e${e.index}`}>
              Image {e.index + 1} failed on {e.provider}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {d.images.map((image) => (
          <ImageCard key={image.id} image={image} generation={d} prompt={prompt} onUseSettings={(seed) => onUseSettings(entry, seed)} onEdit={onEdit && (() => onEdit(image))} />
        ))}
      </div>
    </section>
  );
}

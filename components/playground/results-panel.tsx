"use client";
import { forwardRef } from "react";
import type { ActionError } from "@/lib/query/action-result";
import { ErrorPanel } from "./error-panel";
import { GenerationProgress, type ArrivedImage } from "./generation-progress";
import { GenerationResult } from "./generation-result";
import type { ImageCardImage } from "./image-card";
import type { HistoryEntry } from "./session-history";

export interface Pending {
  startedAt: number;
  n: number;
  width: number;
  height: number;
  arrived: ArrivedImage[];
}

interface Props {
  pending: Pending | null;
  cancelled: boolean;
  error: ActionError | null;
  shown: HistoryEntry | undefined;
  onUseSettings: (entry: HistoryEntry, seed: number | null) => void;
  /** "Edit this image", when the shown result's model can edit. */
  onEdit?: (image: ImageCardImage) => void;
}

/** Where the loop's outcome shows: progress, then the images, the failure or the cancellation. */
export const ResultsPanel = forwardRef<HTMLDivElement, Props>(function ResultsPanel({ pending, cancelled, error, shown, onUseSettings, onEdit }, ref) {
  let content: React.ReactNode;
  if (pending) content = <GenerationProgress startedAt={pending.startedAt} n={pending.n} width={pending.width} height={pending.height} arrived={pending.arrived} />;
  else if (error) content = <ErrorPanel error={error} />;
  else if (cancelled)
    content = (
      <p role="status" className="rounded-lg border border-zinc-200 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        Generation cancelled. The provider calls were stopped; the gallery keeps it as cancelled.
      </p>
    );
  else if (shown) content = <GenerationResult entry={shown} onUseSettings={onUseSettings} onEdit={onEdit} />;
  else
    content = (
      <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-12 text-center text-sm text-zinc-500 dark:border-zinc-700">
        Your images appear here.
      </p>
    );
  return (
    <div ref={ref} data-testid="results-panel" className="flex scroll-mt-28 flex-col gap-3">
      {content}
    </div>
  );
});

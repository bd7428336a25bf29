"use client";
import { Button } from "@/components/ui/button";
import type { useEstimate } from "./use-generation";
import type { PlaygroundModel } from "./catalog";
import { EstimateSummary } from "./estimate-summary";

/** Generate, the estimate and Cancel, pinned to the bottom of the viewport while the form scrolls. */
export function ActionBar({
  estimate,
  model,
  running,
  onCancel,
  label = "Generate",
}: {
  estimate: ReturnType<typeof useEstimate>;
  model: PlaygroundModel;
  running: boolean;
  onCancel: () => void;
  /** The submit button's name: Generate, or Edit in Edit mode. */
  label?: string;
}) {
  return (
    <div
      data-testid="action-bar"
      className="sticky bottom-0 z-10 -mx-4 flex flex-col gap-2 border-t border-zinc-200 bg-white/95 px-4 py-3 backdrop-blur lg:mx-0 lg:rounded-t-lg lg:border-x dark:border-zinc-800 dark:bg-zinc-950/95"
    >
      <EstimateSummary estimate={estimate} model={model} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={running}>
          {running ? <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-zinc-950 border-t-transparent" /> : null}
          {label}
        </Button>
        {running ? (
          <Button variant="danger" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        {/* Touch screens have no Ctrl key to press. */}
        <span className="text-xs text-zinc-500 pointer-coarse:hidden dark:text-zinc-400">
          <kbd className="font-sans">Ctrl</kbd>+<kbd className="font-sans">Enter</kbd>
        </span>
      </div>
    </div>
  );
}

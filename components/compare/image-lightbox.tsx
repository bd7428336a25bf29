"use client";
import { useEffect, useId, useRef } from "react";
import { SimulatedBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { CellState } from "./use-compare";

/** One result large, up to its own pixel size, in a modal dialog (Escape or Close leaves it). */
export function ImageLightbox({ cell, label, onClose }: { cell: CellState | null; label: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (cell && !dialog.current?.open) dialog.current?.showModal();
    if (!cell && dialog.current?.open) dialog.current.close();
  }, [cell]);
  const image = cell?.image;
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === dialog.current) dialog.current.close();
      }}
      className="m-auto max-h-[95vh] max-w-[95vw] rounded-lg bg-white p-0 text-zinc-900 backdrop:bg-zinc-950/80 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {cell && image ? (
        <div className="flex flex-col gap-2 p-3">
          <div className="flex items-center justify-between gap-3">
            <h2 id={titleId} className="flex items-center gap-2 text-sm font-semibold">
              {label} · {image.width} × {image.height}
              {cell.simulated ? <SimulatedBadge /> : null}
            </h2>
            <Button size="sm" onClick={() => dialog.current?.close()}>
              Close
            </Button>
          </div>
          <img src={image.src} alt={label} width={image.width} height={image.height} className="h-auto max-h-[85vh] w-auto max-w-full object-contain" />
        </div>
      ) : null}
    </dialog>
  );
}

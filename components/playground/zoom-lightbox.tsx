"use client";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

export interface LightboxImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

const ZOOMS = [
  { id: "fit", label: "Fit" },
  { id: "1", label: "1:1" },
  { id: "2", label: "2×" },
] as const;
type Zoom = (typeof ZOOMS)[number]["id"];

/** One image large in a modal dialog: fit to the window, 1:1 or 2× with scrolling (Escape or Close leaves). */
export function ZoomLightbox({ image, onClose }: { image: LightboxImage | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [zoom, setZoom] = useState<Zoom>("fit");
  useEffect(() => {
    if (image && !dialog.current?.open) {
      setZoom("fit");
      dialog.current?.showModal();
    }
    if (!image && dialog.current?.open) dialog.current.close();
  }, [image]);
  const scale = zoom === "fit" ? null : Number(zoom);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && dialog.current.close()}
      className="m-auto max-h-[95vh] max-w-[95vw] rounded-lg bg-white p-0 text-zinc-900 backdrop:bg-zinc-950/80 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {image ? (
        <div className="flex flex-col gap-2 p-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id={titleId} className="text-sm font-semibold tabular-nums">
              {image.width} × {image.height}
            </h2>
            <div role="group" aria-label="Zoom" className="flex gap-1">
              {ZOOMS.map((z) => (
                <Button key={z.id} size="sm" variant={zoom === z.id ? "primary" : "secondary"} aria-pressed={zoom === z.id} onClick={() => setZoom(z.id)}>
                  {z.label}
                </Button>
              ))}
              <Button size="sm" onClick={() => dialog.current?.close()}>
                Close
              </Button>
            </div>
          </div>
          <div className="max-h-[85vh] max-w-[92vw] overflow-auto">
            <img
              src={image.src}
              alt={image.alt}
              width={image.width}
              height={image.height}
              style={scale ? { width: image.width * scale, height: image.height * scale, maxWidth: "none" } : undefined}
              className={scale ? "block" : "h-auto max-h-[85vh] w-auto max-w-full object-contain"}
            />
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

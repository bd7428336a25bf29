"use client";
import { useEffect, useId, useRef, useState, type PointerEvent } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

export type MaskTool = "brush" | "eraser";

/** The canvas behind a painter: what was painted, and the mask PNG it stands for. */
export interface MaskHandle {
  painted: boolean;
  /** A PNG at the image's pixel size whose painted pixels are fully transparent (the area to change); null when nothing is painted. */
  toBlob: () => Promise<Blob | null>;
}

/** Strokes are drawn opaque on the overlay (shown at half opacity), so erasing and exporting are exact. */
const STROKE = "#ec4899";

function exportMask(overlay: HTMLCanvasElement): Promise<Blob | null> {
  const out = document.createElement("canvas");
  out.width = overlay.width;
  out.height = overlay.height;
  const ctx = out.getContext("2d")!;
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, out.width, out.height);
  // Punches the painted strokes out of the opaque mask: alpha 0 marks the area to change.
  ctx.globalCompositeOperation = "destination-out";
  ctx.drawImage(overlay, 0, 0);
  return new Promise((resolve) => out.toBlob(resolve, "image/png"));
}

/**
 * Paint the area to change over the first picture: brush, eraser, size and clear. The overlay canvas has the
 * picture's own pixel size, so the exported mask matches it exactly.
 */
export function MaskPainter({ src, width, height, onChange }: { src: string; width: number; height: number; onChange: (handle: MaskHandle) => void }) {
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [tool, setTool] = useState<MaskTool>("brush");
  const [brush, setBrush] = useState(40);
  const [painted, setPainted] = useState(false);

  useEffect(() => {
    const handle = canvas.current;
    onChange({ painted, toBlob: () => (painted && handle ? exportMask(handle) : Promise.resolve(null)) });
  }, [painted, onChange]);

  // A new picture starts with a clean mask.
  useEffect(() => {
    canvas.current?.getContext("2d")?.clearRect(0, 0, width, height);
    setPainted(false);
  }, [src, width, height]);

  function point(e: PointerEvent<HTMLCanvasElement>) {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - box.left) * width) / box.width, y: ((e.clientY - box.top) * height) / box.height, scale: width / box.width };
  }

  function stroke(e: PointerEvent<HTMLCanvasElement>) {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const p = point(e);
    const from = last.current ?? p;
    ctx.globalCompositeOperation = tool === "brush" ? "source-over" : "destination-out";
    ctx.strokeStyle = STROKE;
    ctx.lineWidth = brush * p.scale;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last.current = p;
    if (tool === "brush") setPainted(true);
  }

  function clear() {
    canvas.current?.getContext("2d")?.clearRect(0, 0, width, height);
    setPainted(false);
  }

  return (
    <div className="flex flex-col gap-2">
      <div role="toolbar" aria-label="Mask tools" className="flex flex-wrap items-center gap-2">
        <div className="flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
          {(["brush", "eraser"] as const).map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={tool === t}
              onClick={() => setTool(t)}
              className={cx("h-8 px-3 text-xs font-medium capitalize", tool === t ? "bg-amber-500 text-zinc-950" : "bg-white text-zinc-700 hover:bg-zinc-100 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800")}
            >
              {t}
            </button>
          ))}
        </div>
        <label htmlFor={`${id}-size`} className="text-xs text-zinc-600 dark:text-zinc-400">
          Size
        </label>
        <input id={`${id}-size`} type="range" min={4} max={160} value={brush} onChange={(e) => setBrush(Number(e.target.value))} className="w-24 accent-amber-500" />
        <Button size="sm" variant="ghost" onClick={clear} disabled={!painted}>
          Clear mask
        </Button>
      </div>
      <div className="relative overflow-hidden rounded-md border border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-800">
        <img src={src} alt="The picture to edit" width={width} height={height} className="block h-auto w-full select-none" draggable={false} />
        <canvas
          ref={canvas}
          width={width}
          height={height}
          aria-label="Mask: paint the area to change"
          data-testid="mask-canvas"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            last.current = null;
            stroke(e);
          }}
          onPointerMove={(e) => {
            if (e.currentTarget.hasPointerCapture(e.pointerId)) stroke(e);
          }}
          onPointerUp={() => (last.current = null)}
          className={cx("absolute inset-0 h-full w-full touch-none opacity-50", tool === "brush" ? "cursor-crosshair" : "cursor-cell")}
        />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {painted ? "Only the painted area changes." : "Paint where the picture should change, or leave it unpainted to let the model change anything."}
      </p>
    </div>
  );
}

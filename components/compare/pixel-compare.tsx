"use client";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ZoomSelect, type Zoom } from "@/components/compare/zoom-select";

/** A result that can be compared: compare cells and gallery generations both fit. */
export interface ComparableImage {
  target: string;
  image: { src: string; width: number; height: number } | null;
}

type Mode = "slider" | "flicker";
const FLICKER_MS = 500;
const CHIP = "absolute top-2 rounded bg-zinc-950/75 px-1.5 py-0.5 text-xs font-semibold text-white";

/**
 * Two results on top of each other: a divider slides between them, or they alternate in place, so any
 * pixel that differs stands out. B is drawn in A's box, stretched when their sizes differ.
 */
export function PixelCompare({ cells, label }: { cells: ComparableImage[]; label: (target: string) => string }) {
  const id = useId();
  const [chosenA, setChosenA] = useState(cells[0]!.target);
  const [chosenB, setChosenB] = useState(cells[1]!.target);
  const [mode, setMode] = useState<Mode>("slider");
  const [position, setPosition] = useState(50);
  const [zoom, setZoom] = useState<Zoom>("fit");
  const [showingB, setShowingB] = useState(false);
  const [paused, setPaused] = useState(false);

  // A and B are always two different results, whatever the two lists say.
  const a = cells.find((c) => c.target === chosenA) ?? cells[0]!;
  const b = cells.find((c) => c.target === chosenB && c !== a) ?? cells.find((c) => c !== a)!;
  const imageA = a.image!;
  const imageB = b.image!;

  useEffect(() => {
    if (mode !== "flicker" || paused) return;
    const timer = setInterval(() => setShowingB((s) => !s), FLICKER_MS);
    return () => clearInterval(timer);
  }, [mode, paused]);

  const pixelated = zoom === "fit" ? undefined : ("pixelated" as const);
  // Fit: as wide as the column allows while the whole image stays within the viewport's height.
  const width = zoom === "fit" ? `min(100%, calc(70vh * ${imageA.width} / ${imageA.height}))` : `${imageA.width * Number(zoom)}px`;
  const select = (value: string, onChange: (v: string) => void, fieldId: string, fieldLabel: string) => (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={fieldId} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {fieldLabel}
      </label>
      <select id={fieldId} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        {cells.map((c) => (
          <option key={c.target} value={c.target}>
            {label(c.target)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Pixel comparison
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {select(a.target, setChosenA, `${id}-a`, "Image A")}
        {select(b.target, setChosenB, `${id}-b`, "Image B")}
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">View</legend>
          <div className="flex gap-4 text-sm">
            {(["slider", "flicker"] as const).map((m) => (
              <label key={m} className="flex items-center gap-1.5">
                <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
                {m === "slider" ? "Slider" : "Flicker"}
              </label>
            ))}
          </div>
        </fieldset>
        <ZoomSelect id={`${id}-zoom`} label="Zoom" zoom={zoom} onChange={setZoom} />
      </div>

      {mode === "slider" ? (
        <div className="flex items-center gap-3">
          <label htmlFor={`${id}-position`} className="text-sm font-medium whitespace-nowrap text-zinc-800 dark:text-zinc-200">
            Divider position
          </label>
          <input id={`${id}-position`} type="range" min={0} max={100} value={position} onChange={(e) => setPosition(Number(e.target.value))} className="w-full accent-amber-500" />
        </div>
      ) : (
        <div className="flex items-center gap-3 text-sm">
          <Button size="sm" onClick={() => setPaused(!paused)}>
            {paused ? "Resume flicker" : "Pause flicker"}
          </Button>
          {paused ? (
            <Button size="sm" onClick={() => setShowingB(!showingB)}>
              Switch image
            </Button>
          ) : null}
          <span aria-live="polite">{paused ? `Showing ${showingB ? "B" : "A"}: ${label(showingB ? b.target : a.target)}` : ""}</span>
        </div>
      )}

      <div className="max-h-[80vh] overflow-auto rounded-md border border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-950">
        <div className="relative mx-auto" style={{ width, aspectRatio: `${imageA.width} / ${imageA.height}` }}>
          <img src={imageA.src} alt={`A: ${label(a.target)}`} className="absolute inset-0 size-full" style={{ imageRendering: pixelated }} />
          <img
            src={imageB.src}
            alt={`B: ${label(b.target)}`}
            className="absolute inset-0 size-full"
            style={{
              imageRendering: pixelated,
              clipPath: mode === "slider" ? `inset(0 0 0 ${position}%)` : undefined,
              opacity: mode === "flicker" && !showingB ? 0 : 1,
            }}
          />
          {mode === "slider" ? <span aria-hidden="true" className="absolute inset-y-0 w-0.5 bg-amber-500" style={{ left: `${position}%` }} /> : null}
          <span aria-hidden="true" className={`${CHIP} left-2`} style={{ opacity: mode === "flicker" && showingB ? 0 : 1 }}>
            A
          </span>
          <span aria-hidden="true" className={`${CHIP} right-2`} style={{ opacity: mode === "flicker" && !showingB ? 0 : 1 }}>
            B
          </span>
        </div>
      </div>
      {imageA.width !== imageB.width || imageA.height !== imageB.height ? (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          A is {imageA.width} × {imageA.height} and B is {imageB.width} × {imageB.height}: B is stretched to A’s size, so compare shapes, not single pixels.
        </p>
      ) : null}
    </section>
  );
}

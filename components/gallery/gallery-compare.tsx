"use client";
import Link from "next/link";
import { useId, useState } from "react";
import { PixelCompare } from "@/components/compare/pixel-compare";
import { SimulatedBadge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { formatMs, formatUsd } from "@/components/ui/format";
import type { CompareItem } from "@/lib/services/gallery-compare";
import { useSyncedScroll } from "./use-synced-scroll";
import { ZoomSelect, type Zoom } from "@/components/compare/zoom-select";

// Static class names (Tailwind sees them whole): two images side by side from a small screen up, four at most a row.
const COLUMNS: Record<number, string> = { 2: "sm:grid-cols-2", 3: "sm:grid-cols-2 lg:grid-cols-3" };
const columns = (count: number) => COLUMNS[count] ?? "sm:grid-cols-2 xl:grid-cols-4";

const label = (item: CompareItem, index: number) => `${index + 1}. ${item.modelName}${item.providerName ? ` · ${item.providerName}` : ""}`;

function Pane({ item, index, zoom, paneRef, paneProps, showPrompt }: {
  item: CompareItem;
  index: number;
  zoom: Zoom;
  paneRef: (element: HTMLDivElement | null) => void;
  paneProps: ReturnType<typeof useSyncedScroll>["paneProps"];
  showPrompt: boolean;
}) {
  const { image } = item;
  const scale = zoom === "fit" ? null : Number(zoom);
  return (
    <figure className="flex min-w-0 flex-col gap-2" aria-label={label(item, index)}>
      <div
        ref={paneRef}
        {...paneProps}
        className={cx(
          "flex overflow-auto overscroll-contain rounded-md border border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-950",
          // Fitted on a phone, a pane is as tall as its image; side by side, panes share one height.
          scale === null ? "max-h-[min(60vh,36rem)] items-center justify-center sm:h-[min(60vh,36rem)]" : "h-[min(60vh,36rem)] cursor-grab active:cursor-grabbing",
        )}
      >
        {image ? (
          <img
            src={image.src}
            alt={`${index + 1}: ${item.prompt.slice(0, 80)}`}
            width={image.width}
            height={image.height}
            draggable={false}
            className={scale === null ? "max-h-full max-w-full object-contain" : "m-auto max-w-none"}
            style={scale === null ? undefined : { width: image.width * scale, height: image.height * scale, imageRendering: "pixelated" }}
          />
        ) : (
          <p className="m-auto p-4 text-sm text-zinc-500">No stored image</p>
        )}
      </div>
      <figcaption className="flex flex-col gap-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="flex flex-wrap items-center gap-1.5 text-sm font-medium text-zinc-900 dark:text-zinc-100">
          <Link href={`/gallery/${item.id}`} className="underline-offset-2 hover:underline">
            {label(item, index)}
          </Link>
          {item.simulated ? <SimulatedBadge /> : null}
        </span>
        <span className="tabular-nums">
          Seed {item.seed}
          {item.size ? ` · ${item.size}` : ""} · {formatUsd(item.costUsd)}
          {item.latencyMs === null ? "" : ` · ${formatMs(item.latencyMs)}`}
        </span>
        {showPrompt ? <span className="line-clamp-2">{item.prompt}</span> : null}
      </figcaption>
    </figure>
  );
}

/** Selected gallery generations side by side, zoomed and panned together, then two of them overlaid pixel by pixel. */
export function GalleryCompare({ items }: { items: CompareItem[] }) {
  const id = useId();
  const [zoom, setZoom] = useState<Zoom>("fit");
  const [linked, setLinked] = useState(true);
  const { register, paneProps } = useSyncedScroll(linked);
  const samePrompt = items.every((item) => item.prompt === items[0]!.prompt);
  const comparable = items.filter((item) => item.image).map((item) => ({ target: item.id, image: item.image }));
  const labelOf = (target: string) => {
    const index = items.findIndex((item) => item.id === target);
    return index < 0 ? target : label(items[index]!, index);
  };

  return (
    <div className="flex flex-col gap-6">
      <section aria-label="Side by side" className="flex flex-col gap-3">
        {samePrompt ? <p className="text-sm text-zinc-700 dark:text-zinc-300"><span className="text-zinc-500">Prompt:</span> {items[0]!.prompt}</p> : null}
        <div className="flex flex-wrap items-end gap-4">
          <ZoomSelect id={`${id}-zoom`} label="Zoom (all images)" zoom={zoom} onChange={setZoom} className="w-44" />
          <label className="flex h-10 items-center gap-2 text-sm">
            <input type="checkbox" checked={linked} onChange={(e) => setLinked(e.target.checked)} className="size-4 accent-amber-500" />
            Pan together
          </label>
        </div>
        <div className={cx("grid grid-cols-1 gap-4", columns(items.length))}>
          {items.map((item, index) => (
            <Pane key={item.id} item={item} index={index} zoom={zoom} paneRef={register(index)} paneProps={paneProps} showPrompt={!samePrompt} />
          ))}
        </div>
      </section>
      {comparable.length >= 2 ? <PixelCompare cells={comparable} label={labelOf} /> : null}
    </div>
  );
}

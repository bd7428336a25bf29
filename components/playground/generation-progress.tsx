"use client";
import { useEffect, useState } from "react";
import { formatMs } from "@/components/ui/format";

/** An image the server stored while the run goes on, shown from its bytes (its URL works once the run is recorded). */
export interface ArrivedImage {
  index: number;
  src: string;
  width: number;
  height: number;
}

/** While providers work: elapsed time and one slot per requested image, filled as each image arrives. */
export function GenerationProgress({ startedAt, n, width, height, arrived }: { startedAt: number; n: number; width: number; height: number; arrived: ArrivedImage[] }) {
  const [now, setNow] = useState(startedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  const slots = Math.max(n, ...arrived.map((image) => image.index + 1));
  return (
    <section aria-label="Generation in progress" className="flex flex-col gap-3">
      <p role="status" className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
        <span aria-hidden="true" className="size-2 animate-ping rounded-full bg-amber-500" />
        {arrived.length > 0 ? `${arrived.length} of ${slots} ready…` : `Generating ${n} ${n === 1 ? "image" : "images"}…`}{" "}
        <span className="tabular-nums">{formatMs(Math.max(0, now - startedAt))}</span>
      </p>
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {Array.from({ length: slots }, (_, i) => {
          const image = arrived.find((a) => a.index === i);
          if (image)
            return (
              <li key={i} className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
                <img src={image.src} alt={`Image ${i + 1} of ${slots}, ready`} width={image.width} height={image.height} className="h-auto w-full" />
              </li>
            );
          return (
            <li
              key={i}
              role="img"
              aria-label={`Image ${i + 1} of ${slots}, generating`}
              style={{ aspectRatio: `${width} / ${height}` }}
              className="animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800"
            />
          );
        })}
      </ul>
    </section>
  );
}

"use client";
import { useEffect, useState } from "react";
import { formatMs } from "@/components/ui/format";

/** While providers work: elapsed time and one placeholder per requested image, shaped like the result. */
export function GenerationProgress({ startedAt, n, width, height }: { startedAt: number; n: number; width: number; height: number }) {
  const [now, setNow] = useState(startedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return (
    <section aria-label="Generation in progress" className="flex flex-col gap-3">
      <p role="status" className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
        <span aria-hidden="true" className="size-2 animate-ping rounded-full bg-amber-500" />
        Generating {n} {n === 1 ? "image" : "images"}… <span className="tabular-nums">{formatMs(Math.max(0, now - startedAt))}</span>
      </p>
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {Array.from({ length: n }, (_, i) => (
          <li
            key={i}
            role="img"
            aria-label={`Image ${i + 1} of ${n}, generating`}
            style={{ aspectRatio: `${width} / ${height}` }}
            className="animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800"
          />
        ))}
      </ul>
    </section>
  );
}

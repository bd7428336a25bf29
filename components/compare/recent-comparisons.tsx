import Link from "next/link";
import { formatDateTime } from "@/components/gallery/labels";
import type { RecentComparison } from "@/lib/services/compare";

/** The latest saved comparisons, each a link to its shareable page. */
export function RecentComparisons({ comparisons }: { comparisons: RecentComparison[] }) {
  return (
    <section aria-labelledby="recent-comparisons-title" className="flex flex-col gap-3">
      <h2 id="recent-comparisons-title" className="text-base font-semibold">
        Recent comparisons
      </h2>
      {comparisons.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Every comparison you run is saved here, with a link to share it.</p>
      ) : (
        <ul aria-label="Recent comparisons" className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {comparisons.map((c) => (
            <li key={c.id} className="min-w-0">
              <Link
                href={`/compare/${c.id}`}
                className="flex gap-3 rounded-lg border border-zinc-200 p-2 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-amber-500 dark:border-zinc-800 dark:hover:bg-zinc-900"
              >
                <span aria-hidden="true" className="grid size-16 shrink-0 grid-cols-2 gap-0.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
                  {c.thumbnails.slice(0, 4).map((src) => (
                    <img key={src} src={src} alt="" loading="lazy" className="size-full object-cover" />
                  ))}
                </span>
                <span className="flex min-w-0 flex-col gap-0.5 text-sm">
                  <span className="line-clamp-2 font-medium [overflow-wrap:anywhere]">{c.prompt}</span>
                  <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">{c.targetLabels.join(" · ")}</span>
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">
                    <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
                    {c.failed ? ` · ${c.failed} failed` : ""}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

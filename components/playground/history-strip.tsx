"use client";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import type { HistoryEntry } from "./session-history";

const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** This tab's recent generations as thumbnails; choosing one shows it again. */
export function HistoryStrip({ entries, shownId, onShow, onClear }: { entries: HistoryEntry[]; shownId: string | null; onShow: (id: string) => void; onClear: () => void }) {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h2 id="history-heading" className="text-sm font-semibold">
          Session history
        </h2>
        <Button size="sm" variant="ghost" onClick={onClear}>
          Clear history
        </Button>
      </div>
      <ul className="flex gap-2 overflow-x-auto pb-1">
        {entries.map(({ body, response }) => {
          const d = response.darkroom;
          const first = d.images[0];
          const prompt = String(body.prompt ?? "");
          return (
            <li key={d.id} className="shrink-0">
              <button
                type="button"
                title={prompt}
                aria-current={d.id === shownId ? "true" : undefined}
                onClick={() => onShow(d.id)}
                className={cx(
                  "flex w-24 flex-col gap-1 rounded-md border p-1 text-left text-[11px] text-zinc-600 dark:text-zinc-400",
                  d.id === shownId ? "border-amber-500" : "border-zinc-200 hover:border-zinc-400 dark:border-zinc-800",
                )}
              >
                {first ? <img src={new URL(first.thumbnail_url).pathname} alt="" className="aspect-square w-full rounded object-cover" /> : null}
                <span className="truncate">{time.format(response.created * 1000)}</span>
                <span className="sr-only">{prompt}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

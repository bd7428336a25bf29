"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { deleteGenerationsAction, loadGalleryPage, setGenerationsFavorite } from "@/app/(studio)/gallery/actions";
import { useRouter } from "next/navigation";
import { Button, buttonClass } from "@/components/ui/button";
import { showToast } from "@/components/ui/toast";
import type { Board } from "@/lib/services/boards";
import type { GalleryPage, GalleryTile as Tile } from "@/lib/services/gallery";
import { AddToBoard } from "./add-to-board";
import { ConfirmDialog } from "./confirm-dialog";
import { GalleryTile } from "./gallery-tile";

// The side-by-side view shows two to eight generations (lib/services/gallery-compare).
const COMPARE_MIN = 2;
const COMPARE_MAX = 8;

// About the first two rows on a wide screen: fetched at once, everything below the fold lazily.
const EAGER_TILES = 12;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The grid with infinite scroll (keyset cursor) and multi-selection for bulk favorite and delete. */
export function GalleryView({ initial, query, filtered, boards }: { initial: GalleryPage; query: string; filtered: boolean; boards: Board[] }) {
  const [tiles, setTiles] = useState<Tile[]>(initial.tiles);
  const [next, setNext] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const router = useRouter();
  const search = new URLSearchParams(query).get("q") ?? undefined;
  const inFlight = useRef(false);
  const sentinel = useRef<HTMLAnchorElement>(null);

  const loadMore = useCallback(async () => {
    if (!next || inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    setLoadError(null);
    const result = await loadGalleryPage({ query, cursor: next }).catch(() => ({ error: { message: "The server could not be reached" } }) as const);
    inFlight.current = false;
    setLoading(false);
    if (result.error) {
      setLoadError(result.error.message);
      return;
    }
    setTiles((current) => {
      const seen = new Set(current.map((t) => t.id));
      return [...current, ...result.data.tiles.filter((t) => !seen.has(t.id))];
    });
    setNext(result.data.nextCursor);
  }, [next, query]);

  // A fresh observer per cursor: it reports at once if the end of the grid is still near the viewport.
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !next || loadError) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: "1200px 0px" });
    observer.observe(target);
    return () => observer.disconnect();
  }, [loadMore, next, loadError]);

  const select = (id: string, checked: boolean, range: boolean) => {
    setSelected((current) => {
      const updated = new Set(current);
      const from = range && anchor ? tiles.findIndex((t) => t.id === anchor) : -1;
      const to = tiles.findIndex((t) => t.id === id);
      const ids = from >= 0 && to >= 0 ? tiles.slice(Math.min(from, to), Math.max(from, to) + 1).map((t) => t.id) : [id];
      for (const each of ids) {
        if (checked) updated.add(each);
        else updated.delete(each);
      }
      return updated;
    });
    setAnchor(id);
  };

  const favorite = async (value: boolean) => {
    const ids = [...selected];
    setBusy(true);
    const result = await setGenerationsFavorite({ ids, favorite: value });
    setBusy(false);
    if (result.error) return setMessage(result.error.message);
    setTiles((current) => current.map((t) => (selected.has(t.id) ? { ...t, favorite: value } : t)));
    setMessage(`${value ? "Added" : "Removed"} ${plural(ids.length, "generation")} ${value ? "to" : "from"} favorites`);
  };

  const remove = async () => {
    const ids = [...selected];
    setBusy(true);
    const result = await deleteGenerationsAction({ ids });
    setBusy(false);
    setConfirming(false);
    if (result.error) return setMessage(result.error.message);
    setTiles((current) => current.filter((t) => !selected.has(t.id)));
    setSelected(new Set());
    showToast(`Deleted ${plural(result.data.deleted, "generation")}`);
  };

  const moreHref = next ? `/gallery?${query ? `${query}&` : ""}cursor=${encodeURIComponent(next)}` : null;

  return (
    <section aria-label="Generations" className="flex flex-col gap-4">
      {tiles.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-10 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          {filtered ? "No generations match these filters." : "Nothing generated yet. Images made through the API, the playground or compare appear here."}
          {filtered ? (
            <>
              {" "}
              <Link href="/gallery" className="font-medium text-amber-700 underline dark:text-amber-400">
                Clear filters
              </Link>
            </>
          ) : null}
        </p>
      ) : (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(9.5rem,1fr))] gap-3 sm:grid-cols-[repeat(auto-fill,minmax(11rem,1fr))]">
          {tiles.map((tile, i) => (
            <GalleryTile
              key={tile.id}
              tile={tile}
              eager={i < EAGER_TILES}
              selected={selected.has(tile.id)}
              search={search}
              onSelect={(checked, range) => select(tile.id, checked, range)}
            />
          ))}
        </ul>
      )}

      <div className="flex min-h-10 items-center justify-center gap-3 text-sm text-zinc-500 dark:text-zinc-400">
        {moreHref ? (
          <a
            ref={sentinel}
            href={moreHref}
            onClick={(event) => {
              event.preventDefault();
              void loadMore();
            }}
            aria-disabled={loading}
            className={buttonClass("secondary", "sm")}
          >
            {loading ? "Loading…" : loadError ? "Retry loading more" : "Load more"}
          </a>
        ) : tiles.length > 0 ? (
          <span>End of the gallery · {plural(tiles.length, "generation")}</span>
        ) : null}
        {loadError ? <span className="text-red-600 dark:text-red-400">{loadError}</span> : null}
      </div>

      <p role="status" className="min-h-5 text-center text-sm text-zinc-600 dark:text-zinc-400">
        {message}
      </p>

      {selected.size > 0 ? (
        <div
          role="toolbar"
          aria-label="Selected generations"
          className="sticky bottom-4 z-10 mx-auto flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white/95 p-2 shadow-lg backdrop-blur dark:border-zinc-700 dark:bg-zinc-900/95"
        >
          <span className="px-2 text-sm font-medium">{selected.size} selected</span>
          <Button size="sm" onClick={() => void favorite(true)} disabled={busy}>
            Favorite
          </Button>
          <Button size="sm" onClick={() => void favorite(false)} disabled={busy}>
            Unfavorite
          </Button>
          <AddToBoard boards={boards} ids={[...selected]} onDone={(text) => { setMessage(text); router.refresh(); }} />
          {selected.size >= COMPARE_MIN && selected.size <= COMPARE_MAX ? (
            <Link href={`/gallery/compare?ids=${tiles.filter((t) => selected.has(t.id)).map((t) => t.id).join(",")}`} className={buttonClass("secondary", "sm")}>
              Compare
            </Link>
          ) : (
            <Button size="sm" disabled title={`Select ${COMPARE_MIN} to ${COMPARE_MAX} generations to compare them`}>
              Compare
            </Button>
          )}
          <form method="post" action="/gallery/export">
            <input type="hidden" name="ids" value={[...selected].join(",")} />
            <Button type="submit" size="sm">
              Export zip
            </Button>
          </form>
          <Button size="sm" variant="danger" onClick={() => setConfirming(true)} disabled={busy}>
            Delete…
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set(tiles.map((t) => t.id)))} disabled={busy}>
            Select all loaded
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())} disabled={busy}>
            Clear selection
          </Button>
        </div>
      ) : null}

      <ConfirmDialog
        open={confirming}
        title={`Delete ${plural(selected.size, "generation")}?`}
        confirmLabel="Delete"
        busyLabel="Deleting…"
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        Their images, thumbnails and records are removed for good. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}

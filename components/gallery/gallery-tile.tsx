import Link from "next/link";
import { cx } from "@/components/ui/cx";
import type { GalleryTile as Tile } from "@/lib/services/gallery";
import { Highlighted } from "./highlighted";
import { displayStatus, STATUS_EXPLANATIONS, STATUS_LABELS } from "./labels";
import { placeholderStyle } from "./placeholder-style";

// Chips sit on top of images of any colour, so they carry their own dark background.
const CHIP = "rounded px-1.5 py-0.5";
const DARK_CHIP = `${CHIP} bg-zinc-950/75`;

/**
 * One generation: its first image fitted into a square cell at its own aspect ratio. The image box has
 * its final size before a byte arrives (width, height, aspect-ratio) and shows the tiny placeholder
 * meanwhile, so nothing moves when thumbnails load.
 */
export function GalleryTile({
  tile,
  eager,
  selected,
  onSelect,
  search,
}: {
  tile: Tile;
  eager: boolean;
  selected: boolean;
  /** The gallery's search: the prompt marks the words it matched. */
  search?: string;
  onSelect: (selected: boolean, range: boolean) => void;
}) {
  const { cover } = tile;
  const status = displayStatus(tile.status, tile.errorCode);
  const failed = status === "failed";
  const reason = STATUS_EXPLANATIONS[status] ?? tile.error;
  return (
    <li className="group relative">
      <Link
        href={`/gallery/${tile.id}`}
        prefetch={false}
        className={cx(
          "flex aspect-square items-center justify-center overflow-hidden rounded-md bg-zinc-200 focus-visible:outline-2 focus-visible:outline-amber-500 dark:bg-zinc-900",
          selected && "ring-2 ring-amber-500",
        )}
      >
        {cover ? (
          <img
            src={cover.src}
            alt={tile.prompt}
            width={cover.width}
            height={cover.height}
            loading={eager ? "eager" : "lazy"}
            fetchPriority={eager ? "high" : "auto"}
            decoding="async"
            className={cover.width >= cover.height ? "h-auto w-full" : "h-full w-auto"}
            style={{ aspectRatio: `${cover.width} / ${cover.height}`, ...placeholderStyle(cover.placeholder) }}
          />
        ) : (
          <span className="flex h-full w-full flex-col justify-center gap-1 p-3 text-xs">
            <span className={cx("font-semibold", failed ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400")}>
              {STATUS_LABELS[status]}
            </span>
            {reason ? <span className="line-clamp-3 text-zinc-600 dark:text-zinc-400">{reason}</span> : null}
            {tile.notStored ? (
              <span className="text-zinc-500 italic">Not stored: metadata only</span>
            ) : (
              <span className="line-clamp-3 text-zinc-500 italic">
                <Highlighted text={tile.prompt} search={search} />
              </span>
            )}
          </span>
        )}
      </Link>
      <input
        type="checkbox"
        checked={selected}
        onChange={(event) => onSelect(event.target.checked, (event.nativeEvent as MouseEvent).shiftKey === true)}
        aria-label={`Select: ${tile.prompt.slice(0, 60)}`}
        className="absolute top-2 left-2 size-5 accent-amber-500 opacity-0 group-hover:opacity-100 checked:opacity-100 focus-visible:opacity-100 [@media(hover:none)]:opacity-100"
      />
      <span className="pointer-events-none absolute top-2 right-2 flex gap-1 text-[11px] leading-4 font-medium text-white">
        {tile.favorite ? (
          <span title="Favorite" className={DARK_CHIP}>
            ★<span className="sr-only"> Favorite</span>
          </span>
        ) : null}
        {tile.simulated ? (
          <span title="Made by the local simulator, not a real model" className={`${CHIP} bg-violet-700/90`}>
            Simulated
          </span>
        ) : null}
        {tile.imageCount > 1 ? <span className={DARK_CHIP}>×{tile.imageCount}</span> : null}
        {status !== "succeeded" && cover ? <span className={`${CHIP} bg-red-700/90`}>{STATUS_LABELS[status]}</span> : null}
      </span>
      {cover ? (
        // A third line while searching: more of the words that matched stay in view.
        <p className={cx("mt-1 text-xs break-words text-zinc-700 dark:text-zinc-300", search ? "line-clamp-3" : "line-clamp-2")}>
          <Highlighted text={tile.prompt} search={search} />
        </p>
      ) : null}
      <p className="mt-0.5 flex justify-between gap-2 truncate text-[11px] text-zinc-500 dark:text-zinc-400">
        <span className="truncate">{tile.modelName}</span>
        <time dateTime={tile.createdAt} className="shrink-0">
          {tile.createdAt.slice(0, 10)}
        </time>
      </p>
    </li>
  );
}

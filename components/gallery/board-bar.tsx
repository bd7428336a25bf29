"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createBoardAction, deleteBoardAction } from "@/app/(studio)/gallery/board-actions";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { showToast } from "@/components/ui/toast";
import type { Board } from "@/lib/services/boards";
import { galleryHref, type GalleryParams } from "./gallery-params";

const chip = (active: boolean) =>
  cx(
    "rounded-full border px-3 py-1 text-xs font-medium whitespace-nowrap",
    active ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800",
  );

/** The gallery's boards: a link to each (the board's page is the gallery filtered to it) and a new-board form. */
export function BoardBar({ boards, params }: { boards: Board[]; params: GalleryParams }) {
  const active = params.board;
  // A board keeps the other filters: "favorites on this board" is one click.
  const hrefFor = (board?: string) => galleryHref({ ...params, board });
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    const result = await createBoardAction({ name });
    if (result.error) return setError(result.error.message);
    setName("");
    setError(null);
    router.refresh();
  };
  const current = boards.find((b) => b.id === active);
  const remove = async () => {
    if (!current) return;
    const result = await deleteBoardAction({ id: current.id });
    if (result.error) return setError(result.error.message);
    showToast(`Board “${current.name}” deleted; its images stay in the gallery`);
    router.push(hrefFor(undefined));
    router.refresh();
  };
  return (
    <nav aria-label="Boards" className="flex flex-wrap items-center gap-2">
      <Link href={hrefFor(undefined)} className={chip(!active)} aria-current={!active ? "page" : undefined}>
        All generations
      </Link>
      {boards.map((b) => (
        <Link key={b.id} href={hrefFor(b.id)} className={chip(b.id === active)} aria-current={b.id === active ? "page" : undefined}>
          {b.name} <span className="tabular-nums opacity-70">{b.count}</span>
        </Link>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
        className="flex items-center gap-1"
      >
        <label htmlFor="new-board" className="sr-only">
          New board name
        </label>
        <input
          id="new-board"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="New board"
          maxLength={80}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-board-error" : undefined}
          className="h-7 w-32 rounded-md border border-zinc-300 bg-white px-2 text-xs dark:border-zinc-700 dark:bg-zinc-900"
        />
        <Button type="submit" size="sm" disabled={!name.trim()}>
          Create
        </Button>
      </form>
      {current ? (
        <Button size="sm" variant="danger" onClick={() => void remove()}>
          Delete board
        </Button>
      ) : null}
      {error ? (
        <p id="new-board-error" role="alert" className="w-full text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </nav>
  );
}

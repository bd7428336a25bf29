"use client";
import { useState } from "react";
import { addToBoardAction } from "@/app/(studio)/gallery/board-actions";
import { Button } from "@/components/ui/button";
import type { Board } from "@/lib/services/boards";

/** The selection toolbar's "Add to board": pick a board, add every selected generation to it. */
export function AddToBoard({ boards, ids, onDone }: { boards: Board[]; ids: string[]; onDone: (message: string) => void }) {
  const [boardId, setBoardId] = useState(boards[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  if (boards.length === 0) return null;
  const add = async () => {
    setBusy(true);
    const result = await addToBoardAction({ boardId, generationIds: ids });
    setBusy(false);
    const name = boards.find((b) => b.id === boardId)?.name ?? "the board";
    onDone(result.error ? result.error.message : `Added ${result.data.added} to ${name}`);
  };
  return (
    <span className="flex items-center gap-1">
      <label htmlFor="add-to-board" className="sr-only">
        Board
      </label>
      <select
        id="add-to-board"
        value={boardId}
        onChange={(e) => setBoardId(e.target.value)}
        className="h-8 max-w-40 rounded-md border border-zinc-300 bg-white px-2 text-xs dark:border-zinc-700 dark:bg-zinc-900"
      >
        {boards.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
      <Button size="sm" onClick={() => void add()} disabled={busy || !boardId}>
        Add to board
      </Button>
    </span>
  );
}

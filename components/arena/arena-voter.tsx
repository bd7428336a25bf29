"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { newBattleAction, voteAction } from "@/app/(studio)/arena/actions";
import { Button } from "@/components/ui/button";
import type { BattleView, Reveal } from "@/lib/arena/battles";
import type { Winner } from "@/lib/arena/ratings";
import { BattleImages } from "./battle-images";
import { RevealPanel } from "./reveal-panel";

const VOTES: { winner: Winner; label: string; key: string }[] = [
  { winner: "left", label: "A better", key: "1" },
  { winner: "right", label: "B better", key: "2" },
  { winner: "tie", label: "Tie", key: "3" },
  { winner: "both_bad", label: "Both bad", key: "4" },
];

type State = { phase: "loading" } | { phase: "voting"; battle: BattleView } | { phase: "revealed"; battle: BattleView; reveal: Reveal } | { phase: "error"; message: string };

const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

export function ArenaVoter({ setId, roster }: { setId: string | null; roster: string[] }) {
  const [state, setState] = useState<State>({ phase: "loading" });
  const [prompt, setPrompt] = useState("");
  const busy = useRef(false);

  const next = useCallback(
    async (typed?: string) => {
      if (busy.current) return;
      busy.current = true;
      setState({ phase: "loading" });
      const result = await newBattleAction({ prompt: typed?.trim() || undefined, setId: setId ?? undefined, roster });
      busy.current = false;
      setState(result.error ? { phase: "error", message: result.error.message } : { phase: "voting", battle: result.data });
    },
    [setId, roster],
  );

  const vote = useCallback(
    async (winner: Winner) => {
      if (state.phase !== "voting" || busy.current) return;
      busy.current = true;
      const result = await voteAction({ id: state.battle.id, winner });
      busy.current = false;
      setState(result.error ? { phase: "error", message: result.error.message } : { phase: "revealed", battle: state.battle, reveal: result.data });
    },
    [state],
  );

  useEffect(() => {
    void next();
    // The first battle only: later ones come from the voter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      const choice = VOTES.find((v) => v.key === event.key);
      if (choice && state.phase === "voting") void vote(choice.winner);
      else if ((event.key === "n" || event.key === "N") && state.phase !== "loading" && state.phase !== "voting") void next();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [state, vote, next]);

  const battle = state.phase === "voting" || state.phase === "revealed" ? state.battle : null;
  return (
    <section aria-label="Battle" className="flex flex-col gap-4">
      <form
        className="flex flex-wrap gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void next(prompt);
        }}
      >
        <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
          <span className="sr-only">Your prompt</span>
          <input
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder={setId ? "Leave empty to take the set's next prompt" : "Type a prompt, or leave empty to draw one from the starter set"}
            className="h-10 rounded-md border border-zinc-300 bg-white px-3 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        <Button type="submit" disabled={state.phase === "loading"}>
          New battle
        </Button>
      </form>
      {state.phase === "loading" ? <p role="status">Generating two images…</p> : null}
      {state.phase === "error" ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {state.message} Press N or New battle to try again.
        </p>
      ) : null}
      {battle ? (
        <>
          <p className="text-sm">
            <span className="text-zinc-500 dark:text-zinc-400">{battle.category ? `${battle.category} · ` : ""}Prompt: </span>
            <q data-testid="battle-prompt">{battle.prompt}</q>
          </p>
          <BattleImages battle={battle} />
          <div role="group" aria-label="Vote" className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
            {VOTES.map((v) => (
              <Button key={v.winner} variant="secondary" aria-label={v.label} aria-keyshortcuts={v.key} disabled={state.phase !== "voting"} onClick={() => void vote(v.winner)}>
                <kbd className="rounded border border-zinc-300 px-1 text-xs pointer-coarse:hidden dark:border-zinc-600">{v.key}</kbd> {v.label}
              </Button>
            ))}
          </div>
        </>
      ) : null}
      {state.phase === "revealed" ? (
        <>
          <RevealPanel reveal={state.reveal} />
          <Button variant="primary" className="w-fit" aria-keyshortcuts="n" onClick={() => void next()}>
            Next battle<span className="pointer-coarse:hidden"> (N)</span>
          </Button>
        </>
      ) : null}
    </section>
  );
}

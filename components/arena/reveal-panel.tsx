import type { Reveal, RevealedSide } from "@/lib/arena/battles";

const VERDICT: Record<Reveal["winner"], string> = { left: "You chose A", right: "You chose B", tie: "You called a tie", both_bad: "You found both bad" };

function Side({ name, side, picked }: { name: string; side: RevealedSide; picked: boolean }) {
  return (
    <li className={`flex flex-col rounded-md border p-3 ${picked ? "border-zinc-900 dark:border-zinc-100" : "border-zinc-200 dark:border-zinc-800"}`}>
      <span className="text-sm font-semibold">
        {name}: <span data-testid={`reveal-${name}`}>{side.contestant}</span>
        {picked ? <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">your pick</span> : null}
      </span>
      <span className="text-sm text-zinc-600 dark:text-zinc-400">
        {side.providerName ?? "unknown provider"}
        {side.latencyMs !== null ? ` · ${(side.latencyMs / 1000).toFixed(1)} s` : ""}
        {side.costUsd !== null ? ` · $${side.costUsd.toFixed(4)}` : ""}
      </span>
    </li>
  );
}

export function RevealPanel({ reveal }: { reveal: Reveal }) {
  return (
    <section aria-label="Revealed contestants" className="flex flex-col gap-2">
      <p className="text-sm font-medium">{VERDICT[reveal.winner]}.</p>
      <ul className="grid gap-2 md:grid-cols-2">
        <Side name="A" side={reveal.left} picked={reveal.winner === "left"} />
        <Side name="B" side={reveal.right} picked={reveal.winner === "right"} />
      </ul>
    </section>
  );
}

import Link from "next/link";
import { cx } from "@/components/ui/cx";

export interface VoterChoice {
  value: string;
  label: string;
}

/**
 * Whose votes the board counts: everyone's, the viewer's own, or (admins) one user's. Links, so it works
 * without JavaScript; shown only once accounts exist (`choices` is empty in local mode).
 */
export function VotesFilter({ board, choices, selected }: { board: string; choices: VoterChoice[]; selected: string | undefined }) {
  if (choices.length === 0) return null;
  const href = (user?: string) => `/arena/leaderboard?board=${encodeURIComponent(board)}${user ? `&user=${encodeURIComponent(user)}` : ""}`;
  const all = [{ value: "", label: "Everyone" }, ...choices];
  return (
    <nav aria-label="Votes" className="flex flex-wrap items-center gap-1 text-sm">
      <span className="mr-1 text-zinc-500 dark:text-zinc-400">Votes:</span>
      {all.map((c) => {
        const current = (selected ?? "") === c.value;
        return (
          <Link
            key={c.value || "everyone"}
            href={href(c.value || undefined)}
            aria-current={current ? "page" : undefined}
            className={cx("rounded-md px-2 py-1", current ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800")}
          >
            {c.label}
          </Link>
        );
      })}
    </nav>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { StandingsTable } from "@/components/arena/standings-table";
import { cx } from "@/components/ui/cx";
import { GatewayError } from "@/lib/generation/errors";
import { boardName, leaderboard, parseBoard, type Board } from "@/lib/arena/leaderboard";
import { boardChoices } from "@/lib/arena/board-choices";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Arena leaderboard" };

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).board;
  let board: Board = { kind: "overall" };
  let problem: string | null = null;
  try {
    board = parseBoard(Array.isArray(raw) ? raw[0] : raw);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    problem = error.message;
  }
  const [result, choices] = await Promise.all([leaderboard(board), boardChoices()]);
  const current = boardName(board);
  return (
    <main className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <Link href="/arena" className="text-sm text-zinc-500 hover:underline dark:text-zinc-400">← Vote in the arena</Link>
        <h1 className="text-2xl font-semibold tracking-tight">Arena leaderboard</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Bradley–Terry ratings on the Elo scale (the board&apos;s mean is 1000) with 95% intervals; a tie or both-bad is half a win for each.
          Contestants share a rank until one&apos;s interval is entirely above another&apos;s. {result.battles} battles
          {result.updatedAt ? `, last vote ${new Date(result.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}.
        </p>
        {problem ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{problem}</p> : null}
      </header>
      <nav aria-label="Boards" className="flex flex-col gap-2 text-sm">
        {choices.map((group) => (
          <div key={group.title} className="flex flex-wrap items-center gap-1">
            <span className="mr-1 text-zinc-500 dark:text-zinc-400">{group.title}:</span>
            {group.boards.map((b) => (
              <Link
                key={b.value}
                href={`/arena/leaderboard?board=${encodeURIComponent(b.value)}`}
                aria-current={b.value === current ? "page" : undefined}
                className={cx("rounded-md px-2 py-1", b.value === current ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800")}
              >
                {b.label}
              </Link>
            ))}
          </div>
        ))}
      </nav>
      <section aria-label={`Board ${current}`}>
        <h2 className="mb-2 text-lg font-semibold">{current}</h2>
        <StandingsTable rows={result.rows} linkModels={board.kind !== "providers"} />
      </section>
    </main>
  );
}

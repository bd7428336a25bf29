import type { Metadata } from "next";
import Link from "next/link";
import { StandingsTable } from "@/components/arena/standings-table";
import { VotesFilter, type VoterChoice } from "@/components/arena/votes-filter";
import { cx } from "@/components/ui/cx";
import { GatewayError } from "@/lib/generation/errors";
import { boardName, leaderboard, parseBoard, type Board } from "@/lib/arena/leaderboard";
import { boardChoices } from "@/lib/arena/board-choices";
import { voterFilter } from "@/lib/arena/voter-filter";
import { requireViewer, type SessionViewer } from "@/lib/auth/session";
import { filterableUsers } from "@/lib/services/accounts-users";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Arena leaderboard" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Once accounts exist: one's own votes, and for admins each user's. */
async function voterChoices(viewer: SessionViewer): Promise<VoterChoice[]> {
  if (viewer.kind !== "user") return [];
  const users = (await filterableUsers(viewer)).filter((u) => u.id !== viewer.userId);
  return [{ value: "me", label: "Mine" }, ...users.map((u) => ({ value: u.id, label: u.name || u.email }))];
}

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = await searchParams;
  const problems: string[] = [];
  // A bad board or user filter shows the overall board of everyone's votes, and says why.
  const attempt = <T,>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      problems.push(error.message);
      return fallback;
    }
  };
  const board: Board = attempt(() => parseBoard(first(params.board)), { kind: "overall" });
  const scope = attempt(() => voterFilter(viewer, first(params.user)), {});
  const user = scope.userId ? first(params.user) : undefined;
  const [result, choices, voters] = await Promise.all([leaderboard(board, scope), boardChoices(), voterChoices(viewer)]);
  const current = boardName(board);
  const userQuery = user ? `&user=${encodeURIComponent(user)}` : "";
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
        {problems.length ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{problems.join(" ")}</p> : null}
      </header>
      <VotesFilter board={current} choices={voters} selected={user} />
      <nav aria-label="Boards" className="flex flex-col gap-2 text-sm">
        {choices.map((group) => (
          <div key={group.title} className="flex flex-wrap items-center gap-1">
            <span className="mr-1 text-zinc-500 dark:text-zinc-400">{group.title}:</span>
            {group.boards.map((b) => (
              <Link
                key={b.value}
                href={`/arena/leaderboard?board=${encodeURIComponent(b.value)}${userQuery}`}
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

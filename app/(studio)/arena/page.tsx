import type { Metadata } from "next";
import Link from "next/link";
import { ArenaVoter } from "@/components/arena/arena-voter";
import { getPromptSet } from "@/lib/arena/prompt-sets";
import { requireViewer } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Arena" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ArenaPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireViewer();
  const params = await searchParams;
  const setId = first(params.set);
  const set = setId ? await getPromptSet(setId).catch(() => null) : null;
  const rosterParam = params.roster;
  const roster = (Array.isArray(rosterParam) ? rosterParam : (rosterParam ?? "").split(",")).map((r) => r.trim()).filter(Boolean);
  return (
    <main className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Arena</h1>
          <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            Two images of one prompt from two anonymous contestants. Vote with 1 (A better), 2 (B better), 3 (Tie) or 4 (Both bad); the
            names show after the vote, and N brings the next battle.
            {set ? ` Running the prompt set “${set.name}”.` : ""}
          </p>
        </div>
        <nav aria-label="Arena" className="flex gap-3 text-sm">
          <Link href="/arena/leaderboard" className="hover:underline">Leaderboard</Link>
          <Link href="/arena/sets" className="hover:underline">Prompt sets</Link>
        </nav>
      </header>
      <ArenaVoter setId={set?.id ?? null} roster={roster} />
    </main>
  );
}

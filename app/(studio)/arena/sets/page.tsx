import type { Metadata } from "next";
import Link from "next/link";
import { SetCard } from "@/components/arena/set-card";
import { buttonClass } from "@/components/ui/button";
import { contestantOptions } from "@/lib/arena/contestants";
import { listPromptSets } from "@/lib/arena/prompt-sets";
import { requireViewer } from "@/lib/auth/session";
import { createSetAction } from "./actions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Arena prompt sets" };

const input = "rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function SetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireViewer();
  const error = (await searchParams).error;
  const [sets, options] = [await listPromptSets(), contestantOptions()];
  return (
    <main className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <Link href="/arena" className="text-sm text-zinc-500 hover:underline dark:text-zinc-400">← Vote in the arena</Link>
        <h1 className="text-2xl font-semibold tracking-tight">Prompt sets</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          A named list of prompts, each with a category. Pick a roster and vote through a set: each battle takes the set&apos;s least-battled
          prompt, and the set gets a board of its own.
        </p>
      </header>
      <div className="grid gap-4 lg:grid-cols-2">
        {sets.map((set) => (
          <SetCard key={set.id} set={set} options={options} />
        ))}
      </div>
      <form action={createSetAction} className="flex max-w-2xl flex-col gap-2">
        <h2 className="text-lg font-semibold">New prompt set</h2>
        {error ? <p role="alert" className="text-sm text-red-700 dark:text-red-300">{String(error)}</p> : null}
        <label className="flex flex-col gap-1 text-sm">Name<input name="name" required maxLength={200} className={input} /></label>
        <label className="flex flex-col gap-1 text-sm">Category<input name="category" required maxLength={100} placeholder="typography" className={input} /></label>
        <label className="flex flex-col gap-1 text-sm">Prompts, one per line<textarea name="prompts" required rows={6} className={input} /></label>
        <button type="submit" className={`${buttonClass("primary")} w-fit`}>Save set</button>
      </form>
    </main>
  );
}

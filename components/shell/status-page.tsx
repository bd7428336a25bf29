import Link from "next/link";
import type { ReactNode } from "react";

/** A 404 or error message with ways back, inside the app's frame. */
export function StatusPage({ code, title, children }: { code: string; title: string; children?: ReactNode }) {
  return (
    <main className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold tracking-wide text-amber-600 dark:text-amber-400">{code}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-3 text-zinc-600 dark:text-zinc-400">{children}</div>
      <p className="mt-8 flex flex-wrap justify-center gap-3 text-sm font-medium">
        <Link href="/" className="rounded-md bg-zinc-900 px-3 py-2 text-white dark:bg-zinc-100 dark:text-zinc-900">
          Back to the playground
        </Link>
        <Link href="/gallery" className="rounded-md border border-zinc-300 px-3 py-2 dark:border-zinc-700">
          Open the gallery
        </Link>
      </p>
    </main>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { authMode } from "@/lib/auth/mode";
import { sharedView } from "@/lib/services/accounts-share";
import { SharedComparison, SharedGeneration } from "../shared-views";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Shared", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** A public share link: the generation or comparison read-only, without signing in. */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Signed image URLs need to know whether accounts are on before the view is built.
  await authMode();
  const view = await sharedView(token);
  if (!view) notFound();
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-5 px-4 py-8">
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Shared from Darkroom · read-only</p>
      {view.kind === "generation" ? <SharedGeneration generation={view.generation} /> : <SharedComparison comparison={view.comparison} />}
    </main>
  );
}

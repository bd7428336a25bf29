import type { Metadata } from "next";
import Link from "next/link";
import { GalleryCompare } from "@/components/gallery/gallery-compare";
import { requireViewer } from "@/lib/auth/session";
import { COMPARE_MAX, COMPARE_MIN, galleryComparison, parseCompareIds } from "@/lib/services/gallery-compare";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Compare generations" };

export default async function GalleryComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const ids = parseCompareIds((await searchParams).ids);
  const items = ids ? await galleryComparison({ ids, viewer }) : [];
  return (
    <main className="flex flex-col gap-5">
      <header className="flex flex-col gap-1">
        <p className="text-sm">
          <Link href="/gallery" className="text-amber-700 underline underline-offset-2 dark:text-amber-400">
            ← Gallery
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">{items.length >= COMPARE_MIN ? `Comparing ${items.length} generations` : "Compare generations"}</h1>
      </header>
      {items.length >= COMPARE_MIN ? (
        <GalleryCompare items={items} />
      ) : (
        <p className="rounded-lg border border-dashed border-zinc-300 p-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          Select {COMPARE_MIN} to {COMPARE_MAX} generations in the gallery, then choose <strong>Compare</strong>.
        </p>
      )}
    </main>
  );
}

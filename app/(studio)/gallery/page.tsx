import type { Metadata } from "next";
import Link from "next/link";
import { BoardBar } from "@/components/gallery/board-bar";
import { GalleryFilters } from "@/components/gallery/gallery-filters";
import { galleryHref, galleryQueryString, isFiltered } from "@/components/gallery/gallery-params";
import { GalleryView } from "@/components/gallery/gallery-view";
import { requireViewer } from "@/lib/auth/session";
import { ownerScopeFor } from "@/lib/auth/viewer";
import { listModels } from "@/lib/catalog";
import { filterableUsers } from "@/lib/services/accounts-users";
import { UserFilter } from "./user-filter";
import { serverContext } from "@/lib/server/context";
import { listBoards } from "@/lib/services/boards";
import { galleryPage, gallerySources, InvalidCursorError } from "@/lib/services/gallery";
import { parseGalleryParams, toGalleryQuery } from "@/lib/services/gallery-query";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Gallery" };

export default async function GalleryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const raw = await searchParams;
  const params = parseGalleryParams(raw);
  // `cursor` is the no-JavaScript "Load more": the page then starts further down the listing.
  const cursor = typeof raw.cursor === "string" ? raw.cursor : undefined;
  // Members see their own generations; an admin sees everyone's, or one user's (`?user=`).
  const user = typeof raw.user === "string" && raw.user ? raw.user : undefined;
  const owner = ownerScopeFor(viewer, user);
  const page = await galleryPage({ ...toGalleryQuery(params, cursor), owner }).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) return galleryPage({ ...toGalleryQuery(params), owner });
    throw error;
  });
  const users = await filterableUsers(viewer);
  const query = [galleryQueryString(params), users.length && user ? `user=${encodeURIComponent(user)}` : ""].filter(Boolean).join("&");
  // A source chosen by URL stays offered even when nothing matches it any more.
  const [sources, boards] = await Promise.all([gallerySources(), listBoards()]);
  const board = params.board ? boards.find((b) => b.id === params.board) : undefined;
  if (params.source && !sources.includes(params.source)) sources.push(params.source);
  const models = listModels().map((m) => ({ value: m.id, label: m.name }));
  const providers = serverContext().registry.statuses.map((s) => ({ value: s.id, label: s.simulated ? `${s.name} (simulated)` : s.name }));

  return (
    <main className="flex flex-col gap-5">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{board ? `Board: ${board.name}` : "Gallery"}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Every generation from the API, the playground and compare, failed ones included. Nothing disappears unless you delete it.
        </p>
      </header>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <BoardBar boards={boards} params={params} />
        <a href={`/gallery/export${query ? `?${query}` : ""}`} download className="text-sm font-medium text-amber-700 underline underline-offset-2 dark:text-amber-400">
          {board ? "Export this board (zip)" : isFiltered(params) ? "Export these results (zip)" : "Export everything (zip)"}
        </a>
      </div>
      <GalleryFilters params={params} models={models} providers={providers} sources={sources} />
      <UserFilter users={users} selected={user} query={query} />
      {cursor ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Showing older generations.{" "}
          <Link href={galleryHref(params)} className="font-medium text-amber-700 underline dark:text-amber-400">
            Back to the start
          </Link>
        </p>
      ) : null}
      <GalleryView key={`${query}|${cursor ?? ""}`} initial={page} query={query} filtered={isFiltered(params)} boards={boards} />
    </main>
  );
}

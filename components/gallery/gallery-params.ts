// The gallery's filters live in the URL (shareable, reload-safe). This module writes those URLs and runs
// in the browser too; lib/services/gallery.ts reads them on the server with the same vocabulary.
import type { GalleryParams } from "@/lib/services/gallery-params";

export { GALLERY_PAGE_SIZE, GALLERY_SORTS, GALLERY_SOURCES, GALLERY_STATUSES, type GalleryParams } from "@/lib/services/gallery-params";

/** Whether anything narrows the listing (sorting alone does not). */
export const isFiltered = (p: GalleryParams) => Boolean(p.q || p.model || p.provider || p.source || p.status || p.favorites || p.from || p.to || p.board);

export function galleryQueryString(params: GalleryParams): string {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.model) search.set("model", params.model);
  if (params.provider) search.set("provider", params.provider);
  if (params.source) search.set("source", params.source);
  if (params.status) search.set("status", params.status);
  if (params.favorites) search.set("favorites", "1");
  if (params.from) search.set("from", params.from);
  if (params.to) search.set("to", params.to);
  if (params.sort !== "newest") search.set("sort", params.sort);
  if (params.board) search.set("board", params.board);
  return search.toString();
}

export function galleryHref(params: GalleryParams): string {
  const query = galleryQueryString(params);
  return query ? `/gallery?${query}` : "/gallery";
}

// The gallery's filters live in the URL (shareable, reload-safe). This module writes those URLs and runs
// in the browser too; lib/services/gallery.ts reads them on the server.

export const GALLERY_PAGE_SIZE = 48;

export const GALLERY_SOURCES = ["api", "playground", "compare", "arena"] as const;
export const GALLERY_STATUSES = ["succeeded", "partial", "failed", "interrupted", "pending"] as const;
export const GALLERY_SORTS = ["newest", "oldest", "cost"] as const;

export interface GalleryParams {
  q?: string;
  model?: string;
  provider?: string;
  source?: (typeof GALLERY_SOURCES)[number];
  status?: (typeof GALLERY_STATUSES)[number];
  favorites: boolean;
  /** YYYY-MM-DD, a whole UTC day. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to?: string;
  sort: (typeof GALLERY_SORTS)[number];
}

/** Whether anything narrows the listing (sorting alone does not). */
export const isFiltered = (p: GalleryParams) => Boolean(p.q || p.model || p.provider || p.source || p.status || p.favorites || p.from || p.to);

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
  return search.toString();
}

export function galleryHref(params: GalleryParams): string {
  const query = galleryQueryString(params);
  return query ? `/gallery?${query}` : "/gallery";
}

// The gallery's filter vocabulary: the service reads filters from the URL with it, the gallery's
// components write URLs with it (it runs in the browser too, so no server-only code here).

export const GALLERY_PAGE_SIZE = 48;

export const GALLERY_SOURCES = ["api", "playground", "compare", "arena"] as const;
export const GALLERY_STATUSES = ["succeeded", "partial", "failed", "cancelled", "interrupted", "pending"] as const;
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
  /** A board's id: only the generations on it. */
  board?: string;
}

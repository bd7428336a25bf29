import { z } from "zod";
import type { GalleryQuery } from "@/lib/db/gallery";

// The gallery's filters live in the URL (shareable, reload-safe); this module reads and writes them on
// both sides of the network.

export const GALLERY_PAGE_SIZE = 48;

export const GALLERY_SOURCES = ["api", "playground", "compare", "arena"] as const;
export const GALLERY_STATUSES = ["succeeded", "partial", "failed", "interrupted", "pending"] as const;
export const GALLERY_SORTS = ["newest", "oldest", "cost"] as const;

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const text = (max: number) =>
  z.preprocess(first, z.string().trim().max(max).optional().catch(undefined)).transform((v) => v || undefined);
const day = z.preprocess(first, z.iso.date().optional().catch(undefined));
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(first, z.enum(values).optional().catch(undefined));

const paramsSchema = z.object({
  q: text(200),
  model: text(120),
  provider: text(60),
  source: oneOf(GALLERY_SOURCES),
  status: oneOf(GALLERY_STATUSES),
  favorites: z.preprocess(first, z.string().optional()).transform((v) => v === "1" || v === "true" || v === "on"),
  from: day,
  to: day,
  sort: z.preprocess(first, z.enum(GALLERY_SORTS).catch("newest").default("newest")),
});

export type GalleryParams = z.infer<typeof paramsSchema>;

/** Lenient on purpose: a malformed or stale value is dropped rather than breaking the page. */
export function parseGalleryParams(raw: Record<string, string | string[] | undefined> | URLSearchParams): GalleryParams {
  const record = raw instanceof URLSearchParams ? Object.fromEntries(raw) : raw;
  return paramsSchema.parse(record);
}

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

const DAY_MS = 86_400_000;

/** Dates are whole UTC days; `to` includes its whole day. */
export function toGalleryQuery(params: GalleryParams, cursor?: string, limit = GALLERY_PAGE_SIZE): GalleryQuery {
  return {
    model: params.model,
    provider: params.provider,
    source: params.source,
    status: params.status,
    favorite: params.favorites || undefined,
    from: params.from ? new Date(`${params.from}T00:00:00Z`) : undefined,
    to: params.to ? new Date(Date.parse(`${params.to}T00:00:00Z`) + DAY_MS) : undefined,
    search: params.q,
    sort: params.sort,
    cursor,
    limit,
  };
}

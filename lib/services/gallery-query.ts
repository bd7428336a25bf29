import "server-only";
import { z } from "zod";
import type * as repo from "@/lib/db/gallery";
import { GALLERY_PAGE_SIZE, GALLERY_SORTS, GALLERY_SOURCES, GALLERY_STATUSES, type GalleryParams } from "./gallery-params";

// The gallery's URL filters: parsed leniently, then turned into the repository's query.

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
  board: z.preprocess(first, z.string().regex(/^brd_[0-9a-z]{26}$/).optional().catch(undefined)),
});

/** Lenient on purpose: a malformed or stale URL value is dropped rather than breaking the page. */
export function parseGalleryParams(raw: Record<string, string | string[] | undefined> | URLSearchParams): GalleryParams {
  return paramsSchema.parse(raw instanceof URLSearchParams ? Object.fromEntries(raw) : raw);
}

const DAY_MS = 86_400_000;

/** Dates are whole UTC days; `to` includes its whole day. */
export function toGalleryQuery(params: GalleryParams, cursor?: string, limit = GALLERY_PAGE_SIZE): repo.GalleryQuery {
  return {
    model: params.model,
    provider: params.provider,
    source: params.source,
    status: params.status,
    favorite: params.favorites || undefined,
    from: params.from ? new Date(`${params.from}T00:00:00Z`) : undefined,
    to: params.to ? new Date(Date.parse(`${params.to}T00:00:00Z`) + DAY_MS) : undefined,
    search: params.q,
    board: params.board,
    sort: params.sort,
    cursor,
    limit,
  };
}

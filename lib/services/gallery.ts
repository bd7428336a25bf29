import "server-only";
import { canAccess, ownerScope, type Viewer } from "@/lib/auth/viewer";
import { variantKeysOf } from "@/lib/storage/storage";
import { GALLERY_SOURCES } from "./gallery-params";
import { findModel, SIMULATOR_LABEL, SIMULATOR_PROVIDER } from "@/lib/catalog";
import { PUBLIC_PARAMS, type ParamMode } from "@/lib/catalog/schema";
import * as repo from "@/lib/db/gallery";
import { notStoredAmong } from "@/lib/db/retention";
import type { GenerationStatus, PrismaClient } from "@/lib/db/generated/client.ts";
import { EXTENSIONS } from "@/lib/images/sniff";
import type { LedgerEntry } from "@/lib/params/ledger";
import type { Warning } from "@/lib/params/warning";
import { REAL_PROVIDERS } from "@/lib/providers/factories";
import { serverContext } from "@/lib/server/context";
import { logger } from "@/lib/server/logger";

export { InvalidCursorError } from "@/lib/db/gallery";

/** One generation in the grid: what a tile needs and nothing more (pages stay small at any scale). */
export interface GalleryTile {
  id: string;
  createdAt: string;
  status: GenerationStatus;
  source: string;
  model: string;
  modelName: string;
  providerName: string | null;
  simulated: boolean;
  favorite: boolean;
  costUsd: number;
  prompt: string;
  error: string | null;
  errorCode: string | null;
  imageCount: number;
  /** Metadata only: store: false or purged (lib/services/retention). */
  notStored: boolean;
  /** `placeholder` is null until the thumbnail has been made. */
  cover: { src: string; width: number; height: number; placeholder: string | null } | null;
}

export interface GalleryPage {
  tiles: GalleryTile[];
  nextCursor: string | null;
}

export interface DetailImage {
  id: string;
  index: number;
  seed: number | null;
  width: number;
  height: number;
  format: string;
  bytes: number;
  src: string;
  placeholder: string | null;
  revisedPrompt: string | null;
}

export interface DetailAttempt {
  id: string;
  providerName: string;
  providerModelId: string;
  simulated: boolean;
  status: string;
  errorKind: string | null;
  errorMessage: string | null;
  httpStatus: number | null;
  latencyMs: number;
  costUsd: number;
  images: number;
  startedAt: string;
}

/** A parameter as the caller requested it and as it went to the provider (the ledger). */
export interface DetailParameter {
  param: string;
  requested: unknown;
  sent: unknown;
  handling: ParamMode | null;
  wire?: string;
  note?: string;
}

export interface GenerationDetail {
  id: string;
  createdAt: string;
  completedAt: string | null;
  status: GenerationStatus;
  source: string;
  model: string;
  modelName: string;
  providerName: string | null;
  simulated: boolean;
  favorite: boolean;
  notStored: boolean;
  prompt: string;
  negativePrompt: string | null;
  seed: number;
  n: number;
  size: string | null;
  costUsd: number;
  latencyMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  parameters: DetailParameter[];
  warnings: Warning[];
  images: DetailImage[];
  attempts: DetailAttempt[];
  playgroundHref: string;
  compareHref: string;
}

const PROVIDER_NAMES = new Map<string, string>([
  ...REAL_PROVIDERS.map((p): [string, string] => [p.id, p.name]),
  [SIMULATOR_PROVIDER, SIMULATOR_LABEL],
]);

const providerName = (id: string) => PROVIDER_NAMES.get(id) ?? id;
const modelName = (id: string) => findModel(id)?.name ?? id;

const thumbnailSrc = (imageId: string) => `/images/thumbs/${imageId}.webp`;
const imageSrc = (image: { id: string; format: string }) =>
  `/images/${image.id}.${EXTENSIONS[image.format as keyof typeof EXTENSIONS] ?? image.format}`;

/** One page of tiles; `client` lets the benchmark query its own database. */
export async function galleryPage(query: repo.GalleryQuery, client?: PrismaClient): Promise<GalleryPage> {
  const { rows, nextCursor } = await repo.listGallery(query, client);
  const notStored = await notStoredAmong(rows.map((row) => row.id), client);
  return {
    nextCursor,
    tiles: rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      status: row.status,
      source: row.source,
      model: row.model,
      modelName: modelName(row.model),
      providerName: row.provider ? providerName(row.provider) : null,
      simulated: row.simulated,
      favorite: row.favorite,
      costUsd: row.costUsd,
      prompt: row.prompt,
      error: row.errorMessage,
      errorCode: row.errorCode,
      imageCount: row.imageCount,
      notStored: notStored.has(row.id),
      cover: row.cover && {
        src: thumbnailSrc(row.cover.id),
        width: row.cover.thumbWidth,
        height: row.cover.thumbHeight,
        placeholder: row.cover.placeholder,
      },
    })),
  };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The ledger when the call reached a provider; otherwise the request alone (nothing was sent). */
function parameters(ledger: unknown, request: Record<string, unknown>): DetailParameter[] {
  if (Array.isArray(ledger) && ledger.length > 0) {
    return (ledger as LedgerEntry[]).map((e) => ({ param: e.param, requested: e.requested, sent: e.sent, handling: e.handling, wire: e.wire, note: e.note }));
  }
  // jsonb keeps no key order: list the public parameters in their usual order, unknown ones after.
  const rank = (param: string) => (PUBLIC_PARAMS as readonly string[]).indexOf(param) >>> 0;
  return Object.entries(request)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([param, requested]) => ({ param, requested, sent: null, handling: null }));
}

function playgroundHref(g: { model: string; prompt: string; negativePrompt: string | null; seed: number; n: number }, normalized: Record<string, unknown>): string {
  const pinned = typeof normalized.pinned_provider === "string" ? normalized.pinned_provider : undefined;
  const params = new URLSearchParams({ model: pinned ? `${pinned}/${g.model}` : g.model, prompt: g.prompt });
  if (g.negativePrompt) params.set("negative_prompt", g.negativePrompt);
  params.set("seed", String(g.seed));
  if (typeof normalized.size === "string") params.set("size", normalized.size);
  params.set("n", String(g.n));
  if (typeof normalized.output_format === "string") params.set("output_format", normalized.output_format);
  return `/?${params}`;
}

/** Null when there is none, or when `viewer` may not see it (another member's is as absent as a deleted one). */
export async function generationDetail({ id, viewer }: { id: string; viewer?: Viewer }, client?: PrismaClient): Promise<GenerationDetail | null> {
  const g = await repo.findGenerationDetail({ id }, client);
  if (!g || (viewer && !canAccess(viewer, g))) return null;
  const normalized = asRecord(g.normalized);
  const seed = Number(g.seed);
  return {
    id: g.id,
    createdAt: g.createdAt.toISOString(),
    completedAt: g.completedAt?.toISOString() ?? null,
    status: g.status,
    source: g.source,
    model: g.model,
    modelName: modelName(g.model),
    providerName: g.provider ? providerName(g.provider) : null,
    simulated: g.simulated,
    favorite: g.favorite,
    notStored: (await notStoredAmong([g.id], client)).has(g.id),
    prompt: g.prompt,
    negativePrompt: g.negativePrompt,
    seed,
    n: g.n,
    size: typeof normalized.size === "string" ? normalized.size : null,
    costUsd: g.costUsd,
    latencyMs: g.latencyMs,
    errorCode: g.errorCode,
    errorMessage: g.errorMessage,
    parameters: parameters(g.ledger, asRecord(g.request)),
    warnings: Array.isArray(g.warnings) ? (g.warnings as unknown as Warning[]) : [],
    images: g.images.map((image) => ({
      id: image.id,
      index: image.index,
      seed: image.seed < 0n ? null : Number(image.seed),
      width: image.width,
      height: image.height,
      format: image.format,
      bytes: image.bytes,
      src: imageSrc(image),
      placeholder: image.placeholder,
      revisedPrompt: image.revisedPrompt,
    })),
    attempts: g.attempts.map((a) => ({
      id: a.id,
      providerName: providerName(a.provider),
      providerModelId: a.providerModelId,
      simulated: a.provider === SIMULATOR_PROVIDER,
      status: a.status,
      errorKind: a.errorKind,
      errorMessage: a.errorMessage,
      httpStatus: a.httpStatus,
      latencyMs: a.latencyMs,
      costUsd: a.costUsd,
      images: a.images,
      startedAt: a.startedAt.toISOString(),
    })),
    playgroundHref: playgroundHref({ ...g, seed }, normalized),
    compareHref: `/compare?${new URLSearchParams({ prompt: g.prompt, seed: String(seed) })}`,
  };
}

/** Which of `ids` the viewer may see (boards and exports act on those only). */
export function visibleGenerationIds(ids: string[], viewer: Viewer): Promise<string[]> {
  return repo.idsWithin(ids, ownerScope(viewer));
}

/** `viewer`: only the generations they may see change (lib/auth/viewer ownerScope). */
export async function setFavorite({ ids, favorite, viewer }: { ids: string[]; favorite: boolean; viewer?: Viewer }): Promise<number> {
  const allowed = viewer ? await repo.idsWithin(ids, ownerScope(viewer)) : ids;
  return allowed.length ? repo.setFavorite({ ids: allowed, favorite }) : 0;
}

/** Deletes generations and then the files no other image shares; a file left behind is harmless, a lost one is not. */
export async function deleteGenerations({ ids: requested, viewer }: { ids: string[]; viewer?: Viewer }): Promise<number> {
  const ids = viewer ? await repo.idsWithin(requested, ownerScope(viewer)) : requested;
  if (ids.length === 0) return 0;
  const { deleted, orphanedKeys } = await repo.deleteGenerations({ ids });
  const { storage } = serverContext();
  const results = await Promise.allSettled(orphanedKeys.map((key) => storage.remove(key)));
  // Conversions made on download live under keys derived from their original's; most never existed.
  await Promise.allSettled(orphanedKeys.flatMap((key) => variantKeysOf(key)).map((key) => storage.remove(key)));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) logger().warn({ failed, ids }, "deleted generations but could not remove some of their image files");
  return deleted;
}

/** The sources the source filter offers: only those some generation came from. */
export function gallerySources(client?: PrismaClient): Promise<string[]> {
  return repo.sourcesInUse(GALLERY_SOURCES, client);
}

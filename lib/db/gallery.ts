import "server-only";
import { db } from "./client";
import { dropInputs, inputKeysInUse } from "./generation-inputs";
import { Prisma, type GenerationStatus, type PrismaClient } from "./generated/client.ts";

export type GallerySort = "newest" | "oldest" | "cost";

export interface GalleryQuery {
  model?: string;
  provider?: string;
  source?: string;
  status?: GenerationStatus;
  favorite?: boolean;
  /** Inclusive lower bound of createdAt. */
  from?: Date;
  /** Exclusive upper bound of createdAt. */
  to?: Date;
  /** Words searched in prompts; each must start a word of the prompt. */
  search?: string;
  /** Only generations on this board. */
  board?: string;
  /** Whose generations (lib/auth/viewer ownerScope): unset or {} for everyone's. */
  owner?: { userId?: string; apiKeyId?: string };
  sort: GallerySort;
  /** Opaque position returned as `nextCursor` by the previous page. */
  cursor?: string;
  limit: number;
}

export interface GalleryRow {
  id: string;
  createdAt: Date;
  status: GenerationStatus;
  source: string;
  model: string;
  provider: string | null;
  simulated: boolean;
  favorite: boolean;
  costUsd: number;
  prompt: string;
  errorMessage: string | null;
  errorCode: string | null;
  imageCount: number;
  /** The generation's first stored image; null when it has none (failed, pending). */
  cover: { id: string; thumbWidth: number; thumbHeight: number; placeholder: string | null } | null;
}

export interface GalleryPageRows {
  rows: GalleryRow[];
  nextCursor: string | null;
}

// Tiles show a line or two of text; long prompts stay out of the page payload.
const PREVIEW_CHARS = 160;
const MAX_SEARCH_WORDS = 8;

const client = async (given?: PrismaClient) => given ?? (await db());

interface Cursor {
  key: string;
  id: string;
}

/** The cursor that continues a listing after `row` in the given order. */
export function cursorAfter(row: { id: string; createdAt: Date; costUsd: number }, sort: GallerySort): string {
  const key = sort === "cost" ? String(row.costUsd) : row.createdAt.toISOString();
  return Buffer.from(JSON.stringify([key, row.id])).toString("base64url");
}

function decodeCursor(cursor: string, sort: GallerySort): Cursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof key !== "string" || typeof id !== "string") throw new Error("shape");
    const valid = sort === "cost" ? Number.isFinite(Number(key)) : !Number.isNaN(Date.parse(key));
    if (!valid) throw new Error("key");
    return { key, id };
  } catch {
    throw new InvalidCursorError();
  }
}

export class InvalidCursorError extends Error {
  constructor() {
    super("The gallery cursor is invalid; reload the gallery");
  }
}

/** A prefix query over the `simple` text-search configuration; undefined when no searchable word is left. */
export function toPrefixTsQuery(search: string): string | undefined {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_SEARCH_WORDS);
  return words?.length ? words.map((word) => `${word}:*`).join(" & ") : undefined;
}

/**
 * Every word must match, as a prefix of either its English stem ("cats" → cat:*) or itself (names, other
 * languages, stop words): the column holds both kinds of lexeme.
 */
function searchTsQuery(search: string): Prisma.Sql | undefined {
  const words = toPrefixTsQuery(search)?.split(" & ");
  if (!words) return undefined;
  return Prisma.join(
    words.map((w) => Prisma.sql`(to_tsquery('english', ${w}) || to_tsquery('simple', ${w}))`),
    " && ",
  );
}

function whereClause(query: GalleryQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.owner?.userId !== undefined) conditions.push(Prisma.sql`g."userId" = ${query.owner.userId}`);
  if (query.owner?.apiKeyId !== undefined) conditions.push(Prisma.sql`g."apiKeyId" = ${query.owner.apiKeyId}`);
  if (query.model) conditions.push(Prisma.sql`g."model" = ${query.model}`);
  if (query.provider) conditions.push(Prisma.sql`g."provider" = ${query.provider}`);
  if (query.source) conditions.push(Prisma.sql`g."source" = ${query.source}`);
  if (query.status) conditions.push(Prisma.sql`g."status" = ${query.status}::"GenerationStatus"`);
  if (query.favorite) conditions.push(Prisma.sql`g."favorite" = true`);
  if (query.from) conditions.push(Prisma.sql`g."createdAt" >= ${query.from.toISOString()}::timestamp(3)`);
  if (query.to) conditions.push(Prisma.sql`g."createdAt" < ${query.to.toISOString()}::timestamp(3)`);
  const tsQuery = query.search ? searchTsQuery(query.search) : undefined;
  if (tsQuery) conditions.push(Prisma.sql`g."promptSearch" @@ (${tsQuery})`);
  if (query.board) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "BoardItem" b WHERE b."boardId" = ${query.board} AND b."generationId" = g."id")`);
  }
  if (query.cursor) {
    const { key, id } = decodeCursor(query.cursor, query.sort);
    // Row comparisons walk the (key, id) indexes directly: every page costs the same, however deep.
    if (query.sort === "newest") conditions.push(Prisma.sql`(g."createdAt", g."id") < (${key}::timestamp(3), ${id})`);
    if (query.sort === "oldest") conditions.push(Prisma.sql`(g."createdAt", g."id") > (${key}::timestamp(3), ${id})`);
    if (query.sort === "cost") conditions.push(Prisma.sql`(g."costUsd", g."id") < (${key}::float8, ${id})`);
  }
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

const ORDER: Record<GallerySort, Prisma.Sql> = {
  newest: Prisma.sql`"createdAt" DESC, "id" DESC`,
  oldest: Prisma.sql`"createdAt" ASC, "id" ASC`,
  cost: Prisma.sql`"costUsd" DESC, "id" DESC`,
};

const PAGE_COLUMNS = Prisma.sql`g."id", g."createdAt", g."status", g."source", g."model", g."provider", g."simulated", g."favorite", g."costUsd", g."prompt", g."errorMessage", g."errorCode"`;

// PostgreSQL guesses a prefix search at 0.5% of the rows or more per word, so a search matching few rows or
// none walked the whole date index looking for a page. Up to this many matches, the page is sorted from the
// matches the full-text index finds; beyond it, walking the date index finds a page early.
const FEW_MATCHES = 1000;

/** The page's generations: one ordered, limited scan, or for a search the cheaper of the two plans above. */
function pageSelect(query: GalleryQuery): Prisma.Sql {
  const where = whereClause(query);
  const order = ORDER[query.sort];
  const limit = query.limit + 1;
  const plain = Prisma.sql`SELECT ${PAGE_COLUMNS} FROM "Generation" g ${where}`;
  if (!query.search || !searchTsQuery(query.search)) return Prisma.sql`${plain} ORDER BY ${order} LIMIT ${limit}`;
  // Each branch's count is a one-time filter: only one of them runs.
  return Prisma.sql`
    WITH hits AS MATERIALIZED (${plain} LIMIT ${FEW_MATCHES + 1})
    (SELECT * FROM hits WHERE (SELECT count(*) FROM hits) <= ${FEW_MATCHES} ORDER BY ${order} LIMIT ${limit})
    UNION ALL
    (${plain} AND (SELECT count(*) FROM hits) > ${FEW_MATCHES} ORDER BY ${order} LIMIT ${limit})`;
}

/** A row as the SQL returns it: the cover's columns flat, the count possibly a bigint. */
interface RawGalleryRow extends Omit<GalleryRow, "imageCount" | "cover"> {
  imageCount: number | bigint;
  coverId: string | null;
  thumbWidth: number | null;
  thumbHeight: number | null;
  placeholder: string | null;
}

/** One page of the gallery by keyset pagination (never OFFSET), with each generation's cover image. */
export async function listGallery(query: GalleryQuery, given?: PrismaClient): Promise<GalleryPageRows> {
  const prisma = await client(given);
  const order = ORDER[query.sort];
  const raw = await prisma.$queryRaw<RawGalleryRow[]>`
    SELECT g."id", g."createdAt", g."status", g."source", g."model", g."provider", g."simulated", g."favorite", g."costUsd",
      left(g."prompt", ${PREVIEW_CHARS}) AS "prompt", left(g."errorMessage", ${PREVIEW_CHARS}) AS "errorMessage", g."errorCode",
      cover."id" AS "coverId", cover."thumbWidth", cover."thumbHeight", cover."placeholder",
      (SELECT count(*)::int FROM "Image" i WHERE i."generationId" = g."id") AS "imageCount"
    FROM (${pageSelect(query)}) g
    LEFT JOIN LATERAL (
      SELECT i."id", i."thumbWidth", i."thumbHeight", i."placeholder" FROM "Image" i
      WHERE i."generationId" = g."id" ORDER BY i."index" LIMIT 1
    ) cover ON true
    ORDER BY ${order}`;
  const more = raw.length > query.limit;
  const rows = raw.slice(0, query.limit).map(
    (r): GalleryRow => ({
      id: r.id,
      createdAt: r.createdAt,
      status: r.status,
      source: r.source,
      model: r.model,
      provider: r.provider,
      simulated: r.simulated,
      favorite: r.favorite,
      costUsd: r.costUsd,
      prompt: r.prompt,
      errorMessage: r.errorMessage,
      errorCode: r.errorCode,
      imageCount: Number(r.imageCount),
      cover:
        r.coverId === null
          ? null
          : { id: r.coverId, thumbWidth: r.thumbWidth ?? 0, thumbHeight: r.thumbHeight ?? 0, placeholder: r.placeholder },
    }),
  );
  const last = rows.at(-1);
  return { rows, nextCursor: more && last ? cursorAfter(last, query.sort) : null };
}

/** Which of `ids` are within `owner` (lib/auth/viewer ownerScope): bulk actions touch only those. */
export async function idsWithin(ids: string[], owner: { userId?: string; apiKeyId?: string }, given?: PrismaClient): Promise<string[]> {
  if (!owner.userId && !owner.apiKeyId) return ids;
  const prisma = await client(given);
  const rows = await prisma.generation.findMany({ where: { id: { in: ids }, ...owner }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** Everything the detail page shows: the generation, its images in order and every provider attempt. */
export async function findGenerationDetail({ id }: { id: string }, given?: PrismaClient) {
  const prisma = await client(given);
  return prisma.generation.findUnique({
    where: { id },
    include: { images: { orderBy: { index: "asc" } }, attempts: { orderBy: { startedAt: "asc" } } },
  });
}

export async function setFavorite({ ids, favorite }: { ids: string[]; favorite: boolean }, given?: PrismaClient): Promise<number> {
  const prisma = await client(given);
  const { count } = await prisma.generation.updateMany({ where: { id: { in: ids } }, data: { favorite } });
  return count;
}

/** An image's files: its thumbnail may not have been made yet. */
const fileKeys = (image: { storageKey: string; thumbnailKey: string | null }) => (image.thumbnailKey ? [image.storageKey, image.thumbnailKey] : [image.storageKey]);

/**
 * Deletes generations (their images and attempts cascade) and returns the storage keys no remaining
 * image references: storage is content-addressed, so another generation may share the same file.
 */
export async function deleteGenerations({ ids }: { ids: string[] }, given?: PrismaClient): Promise<{ deleted: number; orphanedKeys: string[] }> {
  const prisma = await client(given);
  return prisma.$transaction(async (tx) => {
    const images = await tx.image.findMany({ where: { generationId: { in: ids } }, select: { storageKey: true, thumbnailKey: true } });
    // An edit's input pictures go with it; a file another image or input still uses stays.
    const inputKeys = await dropInputs(tx, ids);
    const { count } = await tx.generation.deleteMany({ where: { id: { in: ids } } });
    await tx.boardItem.deleteMany({ where: { generationId: { in: ids } } });
    const keys = [...new Set([...images.flatMap(fileKeys), ...inputKeys])];
    if (keys.length === 0) return { deleted: count, orphanedKeys: [] };
    const remaining = await tx.image.findMany({
      where: { OR: [{ storageKey: { in: keys } }, { thumbnailKey: { in: keys } }] },
      select: { storageKey: true, thumbnailKey: true },
    });
    const used = new Set([...remaining.flatMap(fileKeys), ...(await inputKeysInUse(tx, keys))]);
    return { deleted: count, orphanedKeys: keys.filter((key) => !used.has(key)) };
  });
}

/** Which of `sources` at least one generation has: one index probe each, so the filter offers only real ones. */
export async function sourcesInUse(sources: readonly string[], given?: PrismaClient): Promise<string[]> {
  const prisma = await client(given);
  const rows = await prisma.$queryRaw<{ source: string }[]>`
    SELECT s AS "source" FROM unnest(${[...sources]}::text[]) WITH ORDINALITY AS t(s, o)
    WHERE EXISTS (SELECT 1 FROM "Generation" g WHERE g."source" = t.s) ORDER BY o`;
  return rows.map((r) => r.source);
}

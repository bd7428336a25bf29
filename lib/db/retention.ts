import "server-only";
import { env } from "@/lib/config/env";
import { db } from "./client";
import { dropInputs, inputKeysInUse } from "./generation-inputs";
import { Prisma, type PrismaClient } from "./generated/client.ts";

const client = async (given?: PrismaClient) => given ?? (await db());

/** Request fields that carry prompt text: blanked wherever the generation keeps its request. */
const PROMPT_FIELDS = new Set(["prompt", "negative_prompt", "negativePrompt", "revised_prompt", "revisedPrompt"]);

/** A string holding JSON (the stored response keeps its generation serialized) is cleaned inside too. */
function embedded(value: string): Prisma.InputJsonValue {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.stringify(withoutPrompt(JSON.parse(value)));
  } catch {
    return value;
  }
}

function withoutPrompt(value: unknown): Prisma.InputJsonValue {
  if (typeof value === "string") return embedded(value);
  if (Array.isArray(value)) return value.map(withoutPrompt) as Prisma.InputJsonValue;
  if (typeof value !== "object" || value === null) return value as Prisma.InputJsonValue;
  const entry = value as Record<string, unknown>;
  // A ledger entry for the prompt keeps its row (what was sent how) but not the text.
  if (typeof entry.param === "string" && PROMPT_FIELDS.has(entry.param)) return { ...entry, requested: null, sent: null } as Prisma.InputJsonValue;
  return Object.fromEntries(Object.entries(entry).filter(([k]) => !PROMPT_FIELDS.has(k)).map(([k, v]) => [k, withoutPrompt(v)])) as Prisma.InputJsonValue;
}

export interface RetentionPolicy {
  purgeAfter: Date | null;
  unstored: boolean;
}

/** Pins a generation's policy (from the request or its key); the source default then no longer applies. */
export async function setRetention(generationId: string, policy: RetentionPolicy, given?: PrismaClient): Promise<void> {
  const prisma = await client(given);
  const data = { purgeAfter: policy.purgeAfter, unstored: policy.unstored, pinned: true };
  await prisma.generationRetention.upsert({ where: { generationId }, create: { generationId, ...data }, update: data });
}

export async function findRetention(generationId: string, given?: PrismaClient) {
  return (await client(given)).generationRetention.findUnique({ where: { generationId } });
}

/** The key's default policy column (see ApiKey.retention). */
export async function keyRetention(apiKeyId: string, given?: PrismaClient): Promise<string | null> {
  const row = await (await client(given)).apiKey.findUnique({ where: { id: apiKeyId }, select: { retention: true } });
  return row?.retention ?? null;
}

export async function setKeyRetention(apiKeyId: string, retention: string | null, given?: PrismaClient): Promise<void> {
  await (await client(given)).apiKey.update({ where: { id: apiKeyId }, data: { retention } });
}

/** Removes the prompt text from the row, its request, normalized parameters, ledger, response and images. */
export async function clearPrompt(generationId: string, given?: PrismaClient): Promise<boolean> {
  const prisma = await client(given);
  return prisma.$transaction(async (tx) => {
    const row = await tx.generation.findUnique({ where: { id: generationId }, select: { request: true, normalized: true, ledger: true, response: true } });
    if (!row) return false;
    await tx.generation.update({
      where: { id: generationId },
      data: {
        prompt: "",
        negativePrompt: null,
        request: withoutPrompt(row.request),
        normalized: withoutPrompt(row.normalized),
        ledger: withoutPrompt(row.ledger),
        ...(row.response === null ? {} : { response: withoutPrompt(row.response) }),
      },
    });
    await tx.image.updateMany({ where: { generationId }, data: { revisedPrompt: null } });
    return true;
  });
}

/** An image's files: its thumbnail may not have been made yet. */
const fileKeys = (image: { storageKey: string; thumbnailKey: string | null }) => (image.thumbnailKey ? [image.storageKey, image.thumbnailKey] : [image.storageKey]);

/**
 * Drops a generation's image rows (leaving tombstones, so their URLs answer 410) and returns the files no
 * remaining image references: content addressing lets another generation share a file, which then stays.
 */
export async function dropImages(generationId: string, given?: PrismaClient): Promise<{ orphanedKeys: string[]; images: number }> {
  const prisma = await client(given);
  return prisma.$transaction(async (tx) => {
    const images = await tx.image.findMany({ where: { generationId }, select: { id: true, storageKey: true, thumbnailKey: true } });
    await tx.purgedImage.createMany({ data: images.map((i) => ({ id: i.id, generationId })), skipDuplicates: true });
    await tx.image.deleteMany({ where: { generationId } });
    const now = new Date();
    await tx.generationRetention.upsert({ where: { generationId }, create: { generationId, payloadsPurgedAt: now }, update: { payloadsPurgedAt: now } });
    // An edit's input pictures are payloads too; a file another image or input shares stays.
    const keys = [...new Set([...images.flatMap(fileKeys), ...(await dropInputs(tx, [generationId]))])];
    if (keys.length === 0) return { orphanedKeys: [], images: 0 };
    const remaining = await tx.image.findMany({
      where: { OR: [{ storageKey: { in: keys } }, { thumbnailKey: { in: keys } }] },
      select: { storageKey: true, thumbnailKey: true },
    });
    const used = new Set([...remaining.flatMap(fileKeys), ...(await inputKeysInUse(tx, keys))]);
    return { orphanedKeys: keys.filter((key) => !used.has(key)), images: images.length };
  });
}

/** Which of `ids` keep metadata only (store: false, or their payloads were purged): the gallery says so. */
export async function notStoredAmong(ids: string[], given?: PrismaClient): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await (await client(given)).generationRetention.findMany({
    where: { generationId: { in: ids }, OR: [{ unstored: true }, { payloadsPurgedAt: { not: null } }] },
    select: { generationId: true },
  });
  return new Set(rows.map((r) => r.generationId));
}

export const isPurgedImage = async (id: string, given?: PrismaClient) => (await (await client(given)).purgedImage.count({ where: { id } })) > 0;

export interface SourceDays {
  source: string;
  days: number;
}

/**
 * One batch of generations whose payloads are due: a pinned deadline passed, or (unpinned) older than their
 * source's days. Never a favorite, a board member, a pending generation or one already purged.
 */
export async function duePurges({ now, sources, limit }: { now: Date; sources: SourceDays[]; limit: number }, given?: PrismaClient): Promise<string[]> {
  const prisma = await client(given);
  const bySource = sources.map((s) => Prisma.sql`(g."source" = ${s.source} AND g."createdAt" <= ${new Date(now.getTime() - s.days * 86_400_000)})`);
  const unpinned = bySource.length ? Prisma.sql`OR ((r."generationId" IS NULL OR NOT r."pinned") AND (${Prisma.join(bySource, " OR ")}))` : Prisma.empty;
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT g."id" FROM "Generation" g
    LEFT JOIN "GenerationRetention" r ON r."generationId" = g."id"
    WHERE g."favorite" = false AND g."status" <> 'pending'
      AND (r."payloadsPurgedAt" IS NULL)
      AND NOT EXISTS (SELECT 1 FROM "BoardItem" b WHERE b."generationId" = g."id")
      AND ((r."pinned" AND r."purgeAfter" IS NOT NULL AND r."purgeAfter" <= ${now}) ${unpinned})
    ORDER BY g."createdAt" LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Finished store:false generations whose prompt is still there. */
export async function unstoredWithPrompt(limit: number, given?: PrismaClient): Promise<string[]> {
  const prisma = await client(given);
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT g."id" FROM "Generation" g JOIN "GenerationRetention" r ON r."generationId" = g."id"
    WHERE r."unstored" AND g."status" <> 'pending' AND (g."prompt" <> '' OR g."negativePrompt" IS NOT NULL)
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Finished generations of a not-stored source (its default is 0 days) whose prompt is still there; as with
 * the sweep, never a favorite, a board member or one whose own policy was pinned.
 */
export async function unstoredSourceWithPrompt({ sources, limit }: { sources: string[]; limit: number }, given?: PrismaClient): Promise<string[]> {
  if (sources.length === 0) return [];
  const prisma = await client(given);
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT g."id" FROM "Generation" g LEFT JOIN "GenerationRetention" r ON r."generationId" = g."id"
    WHERE g."source" IN (${Prisma.join(sources)}) AND (r."generationId" IS NULL OR NOT r."pinned")
      AND g."status" <> 'pending' AND g."favorite" = false AND (g."prompt" <> '' OR g."negativePrompt" IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM "BoardItem" b WHERE b."generationId" = g."id")
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Runs `fn` only if this instance wins the lock: one sweep across instances sharing a PostgreSQL database.
 * A transaction-scoped advisory lock, so a pooled connection never keeps it. Embedded PGlite has one process.
 */
export async function withSweepLock<T>(fn: () => Promise<T>, given?: PrismaClient): Promise<T | undefined> {
  if (!env().DATABASE_URL) return fn();
  const prisma = await client(given);
  return prisma.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(2112021300) AS "locked"`;
      return row?.locked ? fn() : undefined;
    },
    { maxWait: 10_000, timeout: 30 * 60_000 },
  );
}

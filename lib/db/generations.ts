import "server-only";
import type { AttemptRecord } from "@/lib/router/attempt";
import { db } from "./client";
import { Prisma, type GenerationStatus } from "./generated/client.ts";
import { executeHot } from "./hot-statements";

export interface NewGeneration {
  id: string;
  source: string;
  model: string;
  prompt: string;
  negativePrompt?: string;
  seed: number;
  n: number;
  request: Prisma.InputJsonValue;
  normalized: Prisma.InputJsonValue;
  ledger: Prisma.InputJsonValue;
  comparisonId?: string;
  idempotencyKey?: string;
  requestHash?: string;
  async?: boolean;
  webhookUrl?: string;
  /** The owner (lib/auth/viewer ownerOf): the user and the virtual key that made it. */
  userId?: string;
  apiKeyId?: string;
  /** The instance running a synchronous generation (lib/db/recovery.ts). */
  runner?: string;
  /** What the most expensive eligible provider would have charged (the usage page's "routing saved"). */
  ceilingCostUsd?: number;
}

/**
 * Writes the pending row; `created: false` when another request already holds the idempotency key. Raw
 * SQL for the same reason as completeGeneration: it is on every generation's path, and Prisma's create
 * compiles the query and reads the whole row back (request, normalized request, ledger) for nothing. It
 * goes past Prisma, in one exchange with the database (lib/db/hot-statements.ts).
 */
export async function createPendingGeneration(input: NewGeneration): Promise<{ created: boolean }> {
  const client = await db();
  const json = (value: unknown) => JSON.stringify(value);
  const written = await executeHot(client, Prisma.sql`
    INSERT INTO "Generation" ("id", "createdAt", "status", "source", "model", "prompt", "negativePrompt", "seed", "n", "request", "normalized",
      "ledger", "comparisonId", "idempotencyKey", "requestHash", "async", "webhookUrl", "userId", "apiKeyId", "runner", "ceilingCostUsd")
    VALUES (${input.id}, ${new Date().toISOString()}::timestamp(3), 'pending', ${input.source}, ${input.model}, ${input.prompt}, ${input.negativePrompt ?? null}, ${BigInt(input.seed)},
      ${input.n}, ${json(input.request)}::jsonb, ${json(input.normalized)}::jsonb, ${json(input.ledger)}::jsonb, ${input.comparisonId ?? null},
      ${input.idempotencyKey ?? null}, ${input.requestHash ?? null}, ${input.async ?? false}, ${input.webhookUrl ?? null},
      ${input.userId ?? null}, ${input.apiKeyId ?? null}, ${input.runner ?? null}, ${input.ceilingCostUsd ?? null})
    ON CONFLICT ("idempotencyKey") DO NOTHING`);
  if (written === 1) return { created: true };
  if (input.idempotencyKey) return { created: false };
  throw new Error(`the generation ${input.id} was not written`);
}

export async function recordAttempt(generationId: string, a: AttemptRecord): Promise<void> {
  const client = await db();
  await client.attempt.create({
    data: {
      id: a.id,
      generationId,
      provider: a.provider,
      providerModelId: a.providerModelId,
      status: a.status,
      errorKind: a.errorKind,
      errorMessage: a.errorMessage,
      httpStatus: a.httpStatus,
      latencyMs: a.latencyMs,
      costUsd: a.costUsd,
      images: a.images,
      startedAt: a.startedAt,
    },
  });
}

export interface NewImage {
  id: string;
  index: number;
  seed: number | null;
  width: number;
  height: number;
  format: string;
  bytes: number;
  storageKey: string;
  thumbnailKey: string | null;
  thumbWidth: number;
  thumbHeight: number;
  placeholder: string | null;
  revisedPrompt?: string;
}

/**
 * An image's columns, picked one by one: the objects passed in also carry the image's bytes, which must
 * never reach the SQL. A seedless image stores -1.
 */
export function imageColumns(image: NewImage) {
  return {
    id: image.id,
    index: image.index,
    seed: image.seed ?? -1,
    width: image.width,
    height: image.height,
    format: image.format,
    bytes: image.bytes,
    storageKey: image.storageKey,
    thumbnailKey: image.thumbnailKey,
    thumbWidth: image.thumbWidth,
    thumbHeight: image.thumbHeight,
    placeholder: image.placeholder,
    revisedPrompt: image.revisedPrompt ?? null,
  };
}

export interface GenerationOutcome {
  id: string;
  status: GenerationStatus;
  provider?: string;
  simulated: boolean;
  costUsd: number;
  latencyMs: number;
  warnings: Prisma.InputJsonValue;
  ledger: Prisma.InputJsonValue;
  errorCode?: string;
  errorMessage?: string;
  response: Prisma.InputJsonValue;
  images: NewImage[];
  /** Attempts not written yet (the call that served it): written in the same statement. */
  attempts?: AttemptRecord[];
}

/** An attempt's columns, for jsonb_to_recordset. */
const attemptColumns = (a: AttemptRecord) => ({
  id: a.id,
  provider: a.provider,
  providerModelId: a.providerModelId,
  status: a.status,
  errorKind: a.errorKind ?? null,
  errorMessage: a.errorMessage ?? null,
  httpStatus: a.httpStatus ?? null,
  latencyMs: a.latencyMs,
  costUsd: a.costUsd,
  images: a.images,
  startedAt: a.startedAt.toISOString(),
});

/**
 * Writes the outcome, its images and its unwritten attempts in one statement (atomic without a
 * transaction: the generation is never left half-complete). Raw SQL because it is on every generation's
 * path: Prisma's transaction of an insert and an update takes five round trips, ~6 ms of the event loop on
 * embedded PGlite; this takes one, and folding the serving attempt in saves the statement it had of its own.
 */
export async function completeGeneration(outcome: GenerationOutcome): Promise<void> {
  const client = await db();
  const images = outcome.images.map(imageColumns);
  const attempts = (outcome.attempts ?? []).map(attemptColumns);
  const now = new Date().toISOString();
  const json = (value: unknown) => JSON.stringify(value);
  await executeHot(client, Prisma.sql`
    WITH tried AS (
      INSERT INTO "Attempt" ("id", "generationId", "provider", "providerModelId", "status", "errorKind", "errorMessage", "httpStatus",
        "latencyMs", "costUsd", "images", "startedAt")
      SELECT "id", ${outcome.id}, "provider", "providerModelId", "status", "errorKind", "errorMessage", "httpStatus", "latencyMs",
        "costUsd", "images", "startedAt"::timestamp(3)
      FROM jsonb_to_recordset(${json(attempts)}::jsonb) AS a("id" text, "provider" text, "providerModelId" text, "status" text,
        "errorKind" text, "errorMessage" text, "httpStatus" int, "latencyMs" int, "costUsd" float8, "images" int, "startedAt" text)
    ), done AS (
      UPDATE "Generation" SET
        "status" = ${outcome.status}::"GenerationStatus", "provider" = ${outcome.provider ?? null}, "simulated" = ${outcome.simulated},
        "costUsd" = ${outcome.costUsd}, "latencyMs" = ${outcome.latencyMs}, "warnings" = ${json(outcome.warnings)}::jsonb,
        "ledger" = ${json(outcome.ledger)}::jsonb, "errorCode" = ${outcome.errorCode ?? null}, "errorMessage" = ${outcome.errorMessage ?? null},
        "response" = ${json(outcome.response)}::jsonb, "completedAt" = ${now}::timestamp(3)
      WHERE "id" = ${outcome.id}
    )
    INSERT INTO "Image" ("id", "generationId", "index", "seed", "width", "height", "format", "bytes", "storageKey", "thumbnailKey",
      "thumbWidth", "thumbHeight", "placeholder", "revisedPrompt", "createdAt")
    SELECT "id", ${outcome.id}, "index", "seed", "width", "height", "format", "bytes", "storageKey", "thumbnailKey",
      "thumbWidth", "thumbHeight", "placeholder", "revisedPrompt", ${now}::timestamp(3)
    FROM jsonb_to_recordset(${json(images)}::jsonb) AS image("id" text, "index" int, "seed" bigint, "width" int, "height" int,
      "format" text, "bytes" int, "storageKey" text, "thumbnailKey" text, "thumbWidth" int, "thumbHeight" int, "placeholder" text,
      "revisedPrompt" text)`);
}

export async function findGeneration({ id }: { id: string }) {
  const client = await db();
  return client.generation.findUnique({ where: { id }, include: { images: { orderBy: { index: "asc" } } } });
}

export async function findByIdempotencyKey({ key }: { key: string }) {
  const client = await db();
  return client.generation.findUnique({ where: { idempotencyKey: key } });
}

/** Frees a key older than the replay window so it can be used again. */
export async function releaseIdempotencyKey({ id }: { id: string }): Promise<void> {
  const client = await db();
  await client.generation.update({ where: { id }, data: { idempotencyKey: null } });
}

/** `owner`: lib/auth/viewer ownerScope (members their own rows). */
export async function listGenerationsPage({ limit, cursor, owner = {} }: { limit: number; cursor?: string; owner?: { userId?: string; apiKeyId?: string } }) {
  const client = await db();
  const rows = await client.generation.findMany({
    where: { ...owner, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { images: { orderBy: { index: "asc" } } },
  });
  return { rows: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

export async function setWebhookStatus({ id, status }: { id: string; status: string }): Promise<void> {
  const client = await db();
  await client.generation.update({ where: { id }, data: { webhookStatus: status } });
}

/** A generation's owner columns; null when there is no such generation. */
export async function findGenerationOwner({ id }: { id: string }): Promise<{ userId: string | null; apiKeyId: string | null } | null> {
  const client = await db();
  return client.generation.findUnique({ where: { id }, select: { userId: true, apiKeyId: true } });
}

/** Who owns the generation an image belongs to (file routes check it against the session). */
export async function findImageOwner({ id }: { id: string }): Promise<{ userId: string | null; apiKeyId: string | null } | null> {
  const client = await db();
  const image = await client.image.findUnique({ where: { id }, select: { generation: { select: { userId: true, apiKeyId: true } } } });
  return image?.generation ?? null;
}

export async function findImage({ id }: { id: string }) {
  const client = await db();
  return client.image.findUnique({ where: { id } });
}

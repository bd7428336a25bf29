import "server-only";
import type { AttemptRecord } from "@/lib/router/attempt";
import { db } from "./client";
import type { GenerationStatus, Prisma } from "./generated/client.ts";

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
}

export async function createPendingGeneration(input: NewGeneration) {
  const client = await db();
  return client.generation.create({ data: { ...input, seed: BigInt(input.seed), status: "pending" } });
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
  thumbnailKey: string;
  thumbWidth: number;
  thumbHeight: number;
  placeholder: string;
  revisedPrompt?: string;
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
  images: NewImage[];
  attempts: AttemptRecord[];
}

/** Writes the outcome in one transaction: the generation is never left half-complete. */
export async function completeGeneration(outcome: GenerationOutcome) {
  const client = await db();
  const { id, images, attempts, ...fields } = outcome;
  await client.$transaction([
    client.image.createMany({
      data: images.map((image) => ({
        id: image.id,
        generationId: id,
        index: image.index,
        seed: BigInt(image.seed ?? -1),
        width: image.width,
        height: image.height,
        format: image.format,
        bytes: image.bytes,
        storageKey: image.storageKey,
        thumbnailKey: image.thumbnailKey,
        thumbWidth: image.thumbWidth,
        thumbHeight: image.thumbHeight,
        placeholder: image.placeholder,
        revisedPrompt: image.revisedPrompt,
      })),
    }),
    client.attempt.createMany({
      data: attempts.map((a) => ({
        id: a.id,
        generationId: id,
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
      })),
    }),
    client.generation.update({ where: { id }, data: { ...fields, completedAt: new Date() } }),
  ]);
}

/** Rows a crash left pending can never complete: mark them so nothing stays in limbo. */
export async function markPendingInterrupted(): Promise<number> {
  const client = await db();
  const { count } = await client.generation.updateMany({
    where: { status: "pending" },
    data: { status: "interrupted", errorCode: "interrupted", errorMessage: "The server stopped before this generation finished", completedAt: new Date() },
  });
  return count;
}

export async function findImage({ id }: { id: string }) {
  const client = await db();
  return client.image.findUnique({ where: { id } });
}

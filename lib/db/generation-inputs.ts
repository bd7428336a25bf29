import "server-only";
import { db } from "./client";
import type { Prisma, PrismaClient } from "./generated/client.ts";

type Tx = Prisma.TransactionClient;

export interface NewGenerationInput {
  id: string;
  position: number;
  role: "image" | "mask";
  storageKey: string;
  sha256: string;
  format: "png" | "jpeg" | "webp";
  width: number;
  height: number;
  bytes: number;
  sourceImageId: string | null;
  sourceGenerationId: string | null;
}

export interface GenerationInputRow extends NewGenerationInput {
  generationId: string;
  createdAt: Date;
}

/** Links an edit's stored inputs to its row and marks the row an edit (of `parentGenerationId`, when known). */
export async function saveGenerationInputs({ generationId, inputs, parentGenerationId }: { generationId: string; inputs: NewGenerationInput[]; parentGenerationId: string | null }): Promise<void> {
  const client = await db();
  await client.$transaction([
    client.generationInput.createMany({ data: inputs.map((input) => ({ ...input, generationId })) }),
    client.generation.update({ where: { id: generationId }, data: { operation: "edit", parentGenerationId } }),
  ]);
}

/** An edit's inputs in request order, the mask last. */
export async function listGenerationInputs({ generationId }: { generationId: string }, given?: PrismaClient): Promise<GenerationInputRow[]> {
  const client = given ?? (await db());
  const rows = await client.generationInput.findMany({ where: { generationId }, orderBy: [{ role: "asc" }, { position: "asc" }] });
  return rows as GenerationInputRow[];
}

export async function findGenerationInput({ id }: { id: string }): Promise<GenerationInputRow | null> {
  const client = await db();
  return (await client.generationInput.findUnique({ where: { id } })) as GenerationInputRow | null;
}

/** Generations that used one of this generation's images as an input, newest first. */
export async function listEditsOf({ generationId }: { generationId: string }): Promise<{ id: string; createdAt: Date }[]> {
  const client = await db();
  const rows = await client.generationInput.findMany({
    where: { sourceGenerationId: generationId },
    distinct: ["generationId"],
    select: { generation: { select: { id: true, createdAt: true } } },
  });
  return rows.map((r) => r.generation).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * Drops the input rows of `generationIds` inside a purge or delete transaction and returns their file keys:
 * the caller removes those no image or other input still references (see keysInUse).
 */
export async function dropInputs(tx: Tx, generationIds: string[]): Promise<string[]> {
  const rows = await tx.generationInput.findMany({ where: { generationId: { in: generationIds } }, select: { storageKey: true } });
  await tx.generationInput.deleteMany({ where: { generationId: { in: generationIds } } });
  return [...new Set(rows.map((r) => r.storageKey))];
}

/** Which of `keys` an input still references: such a file stays when an image that shared it goes. */
export async function inputKeysInUse(tx: Tx, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.generationInput.findMany({ where: { storageKey: { in: keys } }, select: { storageKey: true } });
  return new Set(rows.map((r) => r.storageKey));
}

import "server-only";
import { db } from "./client";

export interface NewComparison {
  id: string;
  prompt: string;
  negativePrompt?: string;
  seed: number;
  aspectRatio: string;
  resolution: string;
  targets: string[];
  maxCostUsd?: number;
  userId?: string;
}

export interface TargetFailure {
  message: string;
  code: string | null;
}

export async function createComparison(input: NewComparison): Promise<void> {
  const client = await db();
  await client.comparison.create({ data: { ...input, seed: BigInt(input.seed) } });
}

export async function findComparison({ id }: { id: string }) {
  const client = await db();
  return client.comparison.findUnique({ where: { id } });
}

/** The comparison's generations, oldest first, each with its first image (comparisons ask for one) and failed attempts. */
export async function findComparisonGenerations({ id }: { id: string }) {
  const client = await db();
  return client.generation.findMany({
    where: { comparisonId: id },
    orderBy: { id: "asc" },
    select: {
      id: true,
      status: true,
      model: true,
      provider: true,
      simulated: true,
      seed: true,
      request: true,
      normalized: true,
      warnings: true,
      errorCode: true,
      errorMessage: true,
      latencyMs: true,
      costUsd: true,
      images: { orderBy: { index: "asc" }, take: 1, select: { id: true, format: true, width: true, height: true, seed: true } },
      attempts: { where: { status: "failed" }, orderBy: { startedAt: "asc" }, select: { provider: true, errorMessage: true } },
    },
  });
}

/** Records a refusal that left no generation row; one jsonb merge, so parallel targets never overwrite each other. */
export async function recordTargetFailure({ id, target, failure }: { id: string; target: string; failure: TargetFailure }): Promise<void> {
  const client = await db();
  await client.$executeRaw`UPDATE "Comparison" SET "failures" = "failures" || jsonb_build_object(${target}::text, ${JSON.stringify(failure)}::jsonb) WHERE "id" = ${id}`;
}

/** The latest comparisons with the first image of each of their generations, for the recent list. */
export async function listRecentComparisons({ limit, owner = {} }: { limit: number; owner?: { userId?: string | { in: string[] } } }) {
  const client = await db();
  const comparisons = await client.comparison.findMany({
    where: owner,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, createdAt: true, prompt: true, targets: true, failures: true },
  });
  const generations = await client.generation.findMany({
    where: { comparisonId: { in: comparisons.map((c) => c.id) } },
    orderBy: { id: "asc" },
    select: { comparisonId: true, status: true, images: { orderBy: { index: "asc" }, take: 1, select: { id: true } } },
  });
  return comparisons.map((c) => ({ ...c, generations: generations.filter((g) => g.comparisonId === c.id) }));
}

import "server-only";
import { db } from "./client";
import type { PrismaClient } from "./generated/client.ts";

/** Everything a manifest lists about these generations, with their images in order; newest first. */
export async function findExportRows({ ids }: { ids: string[] }, given?: PrismaClient) {
  const prisma = given ?? (await db());
  return prisma.generation.findMany({
    where: { id: { in: ids } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      createdAt: true,
      status: true,
      source: true,
      model: true,
      provider: true,
      simulated: true,
      prompt: true,
      negativePrompt: true,
      seed: true,
      costUsd: true,
      latencyMs: true,
      normalized: true,
      images: { orderBy: { index: "asc" }, select: { id: true, index: true, seed: true, width: true, height: true, format: true, bytes: true, storageKey: true } },
    },
  });
}

export type ExportRow = Awaited<ReturnType<typeof findExportRows>>[number];

import "server-only";
import { forgetBattlePrompt } from "@/lib/arena/store";
import { canAccess, seesEverything, type Viewer } from "@/lib/auth/viewer";
import { findGenerationOwner } from "@/lib/db/generations";
import * as repo from "@/lib/db/retention";
import { serverContext } from "@/lib/server/context";
import { logger } from "@/lib/server/logger";
import { variantKeysOf } from "@/lib/storage/storage";
import { deleteGenerations } from "./gallery";

export type { Viewer } from "@/lib/auth/viewer";

/** Owner-or-admin (lib/auth/viewer canAccess). A generation that is gone may be "purged" again: a no-op. */
async function canPurge(viewer: Viewer, generationId: string): Promise<boolean> {
  if (seesEverything(viewer)) return true;
  const owner = await findGenerationOwner({ id: generationId });
  return owner === null || canAccess(viewer, owner);
}

export class PurgeForbiddenError extends Error {}

/**
 * Removes a generation's prompt (its arena battle's typed prompt too) and bytes (originals, thumbnails,
 * conversions) and keeps the row with its cost, attempts and ledger. Files another image still references
 * stay. Idempotent: undefined if no row.
 */
export async function purgePayloads(generationId: string, viewer: Viewer = { kind: "operator" }): Promise<{ filesRemoved: number } | undefined> {
  if (!(await canPurge(viewer, generationId))) throw new PurgeForbiddenError(generationId);
  if (!(await repo.clearPrompt(generationId))) return undefined;
  await forgetBattlePrompt(generationId);
  const { orphanedKeys } = await repo.dropImages(generationId);
  const { storage } = serverContext();
  const keys = [...orphanedKeys, ...orphanedKeys.flatMap((key) => variantKeysOf(key))];
  const results = await Promise.allSettled(keys.map((key) => storage.remove(key)));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) logger().warn({ failed, generationId }, "purged a generation's payloads but could not remove some files");
  return { filesRemoved: orphanedKeys.length };
}

/** Removes the generation entirely, as the gallery's delete does. Idempotent: 0 when it was already gone. */
export async function deleteGeneration(generationId: string, viewer: Viewer): Promise<number> {
  if (!(await canPurge(viewer, generationId))) throw new PurgeForbiddenError(generationId);
  return deleteGenerations({ ids: [generationId] });
}

import "server-only";
import * as repo from "@/lib/db/retention";
import { serverContext } from "@/lib/server/context";
import { logger } from "@/lib/server/logger";
import { variantKeysOf } from "@/lib/storage/storage";
import { deleteGenerations } from "./gallery";

/**
 * Who asks for a purge. Today any valid API key (or the operator) may purge any generation; when user
 * accounts land, `canPurge` is where ownership is checked.
 */
export interface Viewer {
  apiKeyId?: string;
  admin: boolean;
}

// Every authenticated caller may purge until generations have owners (accounts).
const canPurge = (_viewer: Viewer, _generationId: string) => true;

export class PurgeForbiddenError extends Error {}

/**
 * Removes a generation's prompt and bytes (originals, thumbnails, conversions) and keeps the row with its
 * cost, attempts and ledger. Files another image still references stay. Idempotent: undefined if no row.
 */
export async function purgePayloads(generationId: string, viewer: Viewer = { admin: true }): Promise<{ filesRemoved: number } | undefined> {
  if (!canPurge(viewer, generationId)) throw new PurgeForbiddenError(generationId);
  if (!(await repo.clearPrompt(generationId))) return undefined;
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
  if (!canPurge(viewer, generationId)) throw new PurgeForbiddenError(generationId);
  return deleteGenerations({ ids: [generationId] });
}

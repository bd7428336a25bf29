import "server-only";
import { db } from "./client";
import type { Prisma } from "./generated/client.ts";

/** Saves a draft under its id; the id is the content's hash, so saving the same settings twice is a no-op. */
export async function saveDraft({ id, body }: { id: string; body: Record<string, unknown> }): Promise<void> {
  const client = await db();
  const json = body as Prisma.InputJsonObject;
  await client.playgroundDraft.upsert({ where: { id }, create: { id, body: json }, update: {} });
}

export async function findDraft({ id }: { id: string }): Promise<Record<string, unknown> | null> {
  const client = await db();
  const row = await client.playgroundDraft.findUnique({ where: { id } });
  return row && typeof row.body === "object" && row.body !== null && !Array.isArray(row.body) ? (row.body as Record<string, unknown>) : null;
}

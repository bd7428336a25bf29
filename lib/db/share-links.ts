import "server-only";
import { db } from "./client";

export type ShareTarget = { generationId: string } | { comparisonId: string };

export interface ShareLinkRow {
  token: string;
  generationId: string | null;
  comparisonId: string | null;
}

export async function findShareByToken(token: string): Promise<ShareLinkRow | null> {
  return (await db()).shareLink.findUnique({ where: { token }, select: { token: true, generationId: true, comparisonId: true } });
}

export async function findShareOf(target: ShareTarget): Promise<ShareLinkRow | null> {
  return (await db()).shareLink.findFirst({ where: target, select: { token: true, generationId: true, comparisonId: true } });
}

/** One link per target: sharing again keeps the link already handed out. */
export async function upsertShare(target: ShareTarget, token: string, userId: string | null): Promise<ShareLinkRow> {
  const client = await db();
  const existing = await findShareOf(target);
  if (existing) return existing;
  try {
    return await client.shareLink.create({ data: { token, userId, ...target }, select: { token: true, generationId: true, comparisonId: true } });
  } catch (error) {
    // A concurrent share of the same target won the unique index: use its link.
    const raced = (error as { code?: string }).code === "P2002" ? await findShareOf(target) : null;
    if (raced) return raced;
    throw error;
  }
}

export async function deleteShare(target: ShareTarget): Promise<void> {
  await (await db()).shareLink.deleteMany({ where: target });
}

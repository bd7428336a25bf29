import "server-only";
import { randomBytes } from "node:crypto";
import { canAccess, ownerOf, type Viewer } from "@/lib/auth/viewer";
import { signImageUrl } from "@/lib/auth/signed-url";
import { findComparison } from "@/lib/db/comparisons";
import { findGenerationOwner } from "@/lib/db/generations";
import { deleteShare, findShareByToken, findShareOf, upsertShare, type ShareTarget } from "@/lib/db/share-links";
import { notFound } from "@/lib/generation/errors";
import type { CompareCell } from "@/lib/compare/cell";
import { comparisonView } from "./compare-cells";
import type { ComparisonView } from "./compare-types";
import { generationDetail, type GenerationDetail } from "./gallery";

export type { ShareTarget } from "@/lib/db/share-links";

async function ownerRow(target: ShareTarget) {
  if ("generationId" in target) return findGenerationOwner({ id: target.generationId });
  return findComparison({ id: target.comparisonId });
}

/** Only whoever may open the generation or comparison may share it or stop sharing it. */
async function check(viewer: Viewer, target: ShareTarget): Promise<void> {
  const row = await ownerRow(target);
  if (!row || !canAccess(viewer, row)) throw notFound("There is no such generation or comparison", null, "not_found");
}

/** The public path of a target's link, or null when it is not shared. */
export async function sharePath(viewer: Viewer, target: ShareTarget): Promise<string | null> {
  await check(viewer, target);
  const link = await findShareOf(target);
  return link ? `/share/${link.token}` : null;
}

/** Turns the public link on (a new unguessable token, 256 bits) or off (the old link stops at once). */
export async function setShared(viewer: Viewer, target: ShareTarget, shared: boolean): Promise<string | null> {
  await check(viewer, target);
  if (!shared) {
    await deleteShare(target);
    return null;
  }
  const link = await upsertShare(target, randomBytes(32).toString("base64url"), ownerOf(viewer).userId ?? null);
  return `/share/${link.token}`;
}

export type SharedView = { kind: "generation"; generation: GenerationDetail } | { kind: "comparison"; comparison: ComparisonView };

const signed = (src: string | null) => (src ? signImageUrl(src) : src);

/**
 * What a share link shows, signed out: the generation or comparison read-only, its image URLs signed (with
 * accounts on) so they load without a session. Null for an unknown or withdrawn link.
 */
export async function sharedView(token: string): Promise<SharedView | null> {
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await findShareByToken(token) : null;
  if (link?.generationId) {
    const generation = await generationDetail({ id: link.generationId });
    return generation && { kind: "generation", generation: { ...generation, images: generation.images.map((i) => ({ ...i, src: signed(i.src)! })) } };
  }
  if (link?.comparisonId) {
    const comparison = await comparisonView({ id: link.comparisonId });
    return comparison && { kind: "comparison", comparison: { ...comparison, cells: comparison.cells.map(signCell) } };
  }
  return null;
}

const signCell = (cell: CompareCell): CompareCell =>
  cell.image ? { ...cell, image: { ...cell.image, src: signed(cell.image.src)!, thumbnail: signed(cell.image.thumbnail)! } } : cell;

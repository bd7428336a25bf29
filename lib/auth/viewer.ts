/**
 * Who is asking, and what they may see. Pure (no server-only imports), so lib/db and lib/services can
 * scope their queries with it.
 */
export type Role = "admin" | "member";

/** A signed-in user, or a virtual key acting for its owner (`apiKeyId` set). */
export type UserViewer = { kind: "user"; userId: string; email: string; name: string; role: Role; apiKeyId?: string };

/** Who a page or server action serves. Local mode: one trusted person on loopback, everything allowed. */
export type SessionViewer = { kind: "local" } | UserViewer;

export type Viewer =
  | SessionViewer
  /** An operator key (DARKROOM_API_KEYS): automation with an admin's reach. */
  | { kind: "operator" }
  /** A virtual key no user owns (minted by an operator): it sees what it made. */
  | { kind: "key"; apiKeyId: string };

/** Sees every row: local mode, operator keys and admins. */
export const seesEverything = (viewer: Viewer): boolean =>
  viewer.kind === "local" || viewer.kind === "operator" || (viewer.kind === "user" && viewer.role === "admin");

export const isAdmin = seesEverything;

/** Prisma `where` for Generation rows the viewer may see: members their own, a user-less key its own, the rest all. */
export function ownerScope(viewer: Viewer): { userId?: string; apiKeyId?: string } {
  if (viewer.kind === "key") return { apiKeyId: viewer.apiKeyId };
  if (viewer.kind === "user" && viewer.role !== "admin") return { userId: viewer.userId };
  return {};
}

/** Prisma `where` for tables owned by a user only (Comparison, ArenaBattle): a user-less key sees none. */
export function userScope(viewer: Viewer): { userId?: string | { in: string[] } } {
  if (seesEverything(viewer)) return {};
  if (viewer.kind === "user") return { userId: viewer.userId };
  return { userId: { in: [] } };
}

/** ownerScope, narrowed by an admin's user filter (`?user=`); a member's filter cannot widen their scope. */
export function ownerScopeFor(viewer: Viewer, userFilter?: string): { userId?: string; apiKeyId?: string } {
  const scope = ownerScope(viewer);
  return userFilter && seesEverything(viewer) ? { ...scope, userId: userFilter } : scope;
}

/** The owner columns a new row records. */
export function ownerOf(viewer: Viewer | undefined): { userId?: string; apiKeyId?: string } {
  if (!viewer) return {};
  if (viewer.kind === "user") return { userId: viewer.userId, ...(viewer.apiKeyId ? { apiKeyId: viewer.apiKeyId } : {}) };
  if (viewer.kind === "key") return { apiKeyId: viewer.apiKeyId };
  return {};
}

/** Whether the viewer may open one row (generation, comparison, battle). Rows with no owner belong to admins. */
export function canAccess(viewer: Viewer, row: { userId?: string | null; apiKeyId?: string | null }): boolean {
  if (seesEverything(viewer)) return true;
  if (viewer.kind === "user") return row.userId === viewer.userId;
  if (viewer.kind === "key") return row.apiKeyId === viewer.apiKeyId;
  return false;
}

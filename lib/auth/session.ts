import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authMode } from "./mode";
import { auth } from "./server";

import { canAccess, type Role, type SessionViewer, type Viewer } from "./viewer";

export type { Role, SessionViewer, Viewer } from "./viewer";
export { ownerScope, userScope, ownerOf, canAccess, seesEverything } from "./viewer";

/** The viewer of a request's headers; null when accounts are on (or being set up) and nobody is signed in. */
export async function viewerFrom(requestHeaders: Headers): Promise<SessionViewer | null> {
  const mode = await authMode();
  if (mode === "local") return { kind: "local" };
  if (mode === "setup") return null;
  const session = await (await auth()).api.getSession({ headers: requestHeaders });
  if (!session || session.user.banned) return null;
  const role: Role = session.user.role === "admin" ? "admin" : "member";
  return { kind: "user", userId: session.user.id, email: session.user.email, name: session.user.name, role };
}

/** The current page or action's viewer, or null. */
export async function currentViewer(): Promise<SessionViewer | null> {
  return viewerFrom(await headers());
}

/**
 * The guard at the top of every page and server action: without a session it redirects to sign-in (or to
 * first-run setup), so an action called directly with its id does nothing.
 */
export async function requireViewer(): Promise<SessionViewer> {
  const viewer = await currentViewer();
  if (viewer) return viewer;
  redirect((await authMode()) === "setup" ? "/setup" : "/sign-in");
}

/** Admin-only pages and actions: a member is sent home. */
export async function requireAdmin(): Promise<SessionViewer> {
  const viewer = await requireViewer();
  if (viewer.kind === "user" && viewer.role !== "admin") redirect("/");
  return viewer;
}

/** Owner-or-admin: what a viewer may open. Rows made before accounts (no owner) belong to admins. */
export function canAccessGeneration(viewer: Viewer, generation: { userId?: string | null; apiKeyId?: string | null }): boolean {
  return canAccess(viewer, generation);
}

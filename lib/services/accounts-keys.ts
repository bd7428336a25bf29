import "server-only";
import type { SessionViewer as Viewer } from "@/lib/auth/viewer";
import { setKeyRetention } from "@/lib/db/retention";
import { createKey, listKeys, revokeKey, type CreateKeyInput, type KeySummary } from "./api-keys";

const ownerOf = (viewer: Viewer) => (viewer.kind === "user" ? viewer.userId : undefined);
const isAdmin = (viewer: Viewer) => viewer.kind === "local" || viewer.role === "admin";

/** A key for the viewer (owned by them with accounts on); the secret is returned once. */
export async function createUserKey(viewer: Viewer, input: Omit<CreateKeyInput, "userId">): Promise<string> {
  // The key's payload retention is the operator's policy: a member's key takes the server default.
  return (await createKey({ ...input, retention: isAdmin(viewer) ? input.retention : undefined, userId: ownerOf(viewer) })).key;
}

/** Admins only: a key's default payload retention ("keep", "none", days; null = the server's source default). */
export async function setUserKeyRetention(viewer: Viewer, id: string, retention: string | null): Promise<boolean> {
  if (!isAdmin(viewer) || !(await listKeys()).some((k) => k.id === id)) return false;
  await setKeyRetention(id, retention);
  return true;
}

/** Members see their own keys; admins and local mode see every key. */
export async function listUserKeys(viewer: Viewer): Promise<KeySummary[]> {
  const keys = await listKeys();
  if (viewer.kind === "local" || viewer.role === "admin") return keys;
  return keys.filter((k) => k.userId === viewer.userId);
}

/** Revokes a key the viewer may see; false when there is none. */
export async function revokeUserKey(viewer: Viewer, id: string): Promise<boolean> {
  const visible = await listUserKeys(viewer);
  if (!visible.some((k) => k.id === id)) return false;
  return revokeKey(id);
}

import "server-only";
import type { SessionViewer as Viewer } from "@/lib/auth/viewer";
import { createKey, listKeys, revokeKey, type CreateKeyInput, type KeySummary } from "./api-keys";

const ownerOf = (viewer: Viewer) => (viewer.kind === "user" ? viewer.userId : undefined);

/** A key for the viewer (owned by them with accounts on); the secret is returned once. */
export async function createUserKey(viewer: Viewer, input: Omit<CreateKeyInput, "userId">): Promise<string> {
  return (await createKey({ ...input, userId: ownerOf(viewer) })).key;
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

import "server-only";
import { canAccess, seesEverything, type Viewer } from "@/lib/auth/viewer";
import { findImageOwner } from "@/lib/db/generations";
import { findUser, listUsers, type UserRow } from "@/lib/db/users";

export type { UserRow } from "@/lib/db/users";

/** The people an admin may filter by (gallery, comparisons, usage); none for members and local mode. */
export async function filterableUsers(viewer: Viewer): Promise<UserRow[]> {
  if (viewer.kind !== "user" || !seesEverything(viewer)) return [];
  return listUsers();
}

/** A key's owner as key authentication needs it; null when the account is gone. */
export const findAccount = (id: string): Promise<UserRow | null> => findUser(id);

/**
 * Whether the viewer may fetch an image file: owner-or-admin of its generation. An unknown image is
 * allowed through, so the file route answers its own 404 or 410.
 */
export async function canViewImage(viewer: Viewer, imageId: string): Promise<boolean> {
  if (seesEverything(viewer)) return true;
  const owner = await findImageOwner({ id: imageId });
  return owner === null || canAccess(viewer, owner);
}

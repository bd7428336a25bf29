import "server-only";
import { db } from "./client";

export interface ThumbnailSource {
  id: string;
  storageKey: string;
  thumbnailKey: string | null;
}

/**
 * Records a made thumbnail on every image with the same file (storage is content-addressed, so they share
 * it); returns how many rows took it (0 when the images were deleted meanwhile).
 */
export async function setThumbnail({ storageKey, thumbnailKey, placeholder }: { storageKey: string; thumbnailKey: string; placeholder: string }): Promise<number> {
  const client = await db();
  const { count } = await client.image.updateMany({ where: { storageKey, thumbnailKey: null }, data: { thumbnailKey, placeholder } });
  return count;
}

export async function thumbnailInUse({ thumbnailKey }: { thumbnailKey: string }): Promise<boolean> {
  const client = await db();
  return (await client.image.count({ where: { thumbnailKey } })) > 0;
}

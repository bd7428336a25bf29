import "server-only";
import { db } from "./client";

export interface ThumbnailSource {
  id: string;
  storageKey: string;
  thumbnailKey: string | null;
}

/** Images still without a thumbnail, oldest first, except those in `skip`. */
export async function imagesWithoutThumbnail({ take, skip }: { take: number; skip: string[] }): Promise<ThumbnailSource[]> {
  const client = await db();
  return client.image.findMany({
    where: { thumbnailKey: null, ...(skip.length ? { id: { notIn: skip } } : {}) },
    select: { id: true, storageKey: true, thumbnailKey: true },
    orderBy: { id: "asc" },
    take,
  });
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

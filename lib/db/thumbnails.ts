import "server-only";
import { db } from "./client";

export interface ThumbnailSource {
  id: string;
  storageKey: string;
  thumbnailKey: string | null;
}

/**
 * Images still without a thumbnail, oldest first, except those in `skip`. With `claim`, each returned
 * image's file is leased to `claim.holder` in the same statement (`thumbnail:<storageKey>`, see
 * lib/db/leases.ts): files another instance holds are left out, so two instances never make one thumbnail.
 */
export async function imagesWithoutThumbnail({ take, skip, claim }: { take: number; skip: string[]; claim?: { holder: string; ttlMs: number } }): Promise<ThumbnailSource[]> {
  const client = await db();
  if (!claim) {
    return client.image.findMany({
      where: { thumbnailKey: null, ...(skip.length ? { id: { notIn: skip } } : {}) },
      select: { id: true, storageKey: true, thumbnailKey: true },
      orderBy: { id: "asc" },
      take,
    });
  }
  return client.$queryRaw<ThumbnailSource[]>`
    WITH candidates AS (
      SELECT * FROM (
        SELECT DISTINCT ON (i."storageKey") i."id", i."storageKey", i."thumbnailKey" FROM "Image" i
        WHERE i."thumbnailKey" IS NULL AND NOT (i."id" = ANY(${skip}::text[]))
          AND NOT EXISTS (SELECT 1 FROM "Lease" l WHERE l."key" = 'thumbnail:' || i."storageKey" AND l."until" >= now() AND l."holder" <> ${claim.holder})
        ORDER BY i."storageKey", i."id"
      ) files ORDER BY "id" LIMIT ${take}
    ), claimed AS (
      INSERT INTO "Lease" ("key", "holder", "until")
      SELECT 'thumbnail:' || "storageKey", ${claim.holder}, now() + ${claim.ttlMs} * interval '1 millisecond' FROM candidates
      ON CONFLICT ("key") DO UPDATE SET "holder" = EXCLUDED."holder", "until" = EXCLUDED."until"
      WHERE "Lease"."until" < now() OR "Lease"."holder" = EXCLUDED."holder"
      RETURNING "key"
    )
    SELECT c."id", c."storageKey", c."thumbnailKey" FROM candidates c JOIN claimed ON claimed."key" = 'thumbnail:' || c."storageKey"
    ORDER BY c."id"`;
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

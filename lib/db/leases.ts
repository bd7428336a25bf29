import "server-only";
import { db } from "./client";

/**
 * Takes the lease `key` for `ttlMs` if nobody holds it (or its holder's lease ran out, or it is ours):
 * one statement, so two instances asking at once cannot both win. Times are the database's.
 */
export async function tryLease({ key, holder, ttlMs }: { key: string; holder: string; ttlMs: number }): Promise<boolean> {
  const client = await db();
  const rows = await client.$queryRaw<{ key: string }[]>`
    INSERT INTO "Lease" ("key", "holder", "until") VALUES (${key}, ${holder}, now() + ${ttlMs} * interval '1 millisecond')
    ON CONFLICT ("key") DO UPDATE SET "holder" = EXCLUDED."holder", "until" = EXCLUDED."until"
    WHERE "Lease"."until" < now() OR "Lease"."holder" = EXCLUDED."holder"
    RETURNING "key"`;
  return rows.length > 0;
}

export async function releaseLease({ key, holder }: { key: string; holder: string }): Promise<void> {
  const client = await db();
  await client.$executeRaw`DELETE FROM "Lease" WHERE "key" = ${key} AND "holder" = ${holder}`;
}

import "server-only";
import type { Pool } from "pg";
import { env } from "@/lib/config/env";

const holder = globalThis as { darkroomPgPool?: Promise<Pool> };

/**
 * A small `pg` pool on DATABASE_URL for libraries that speak to PostgreSQL themselves (the shared rate
 * limiter), apart from Prisma's; undefined on the embedded database.
 */
export function sharedPgPool(): Promise<Pool> | undefined {
  const url = env().DATABASE_URL;
  if (!url) return undefined;
  return (holder.darkroomPgPool ??= import("pg").then(({ default: pg }) => {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
    // An idle client's error (the server restarted) must not become an uncaught exception.
    pool.on("error", () => undefined);
    return pool;
  }));
}

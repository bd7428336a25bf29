import path from "node:path";
import type { RunningApp } from "./app";

/** Runs SQL against a stopped app's database (PGlite allows one process per data dir, so stop it first). */
export async function queryStoppedAppDb<T>(app: RunningApp, sql: string): Promise<T[]> {
  if (app.env.DATABASE_URL) {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: app.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(path.join(app.dataDir, "db"));
  try {
    return (await db.query<T>(sql)).rows;
  } finally {
    await db.close();
  }
}

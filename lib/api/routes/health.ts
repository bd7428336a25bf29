import "server-only";
import { db, DatabaseUnavailableError } from "@/lib/db/client";
import { serverContext } from "@/lib/server/context";
import { apiRoute } from "../http";

/** Ready once the database is migrated and answering; until then 503 with the reason. */
export const healthRoute = apiRoute(async () => {
  try {
    const client = await db();
    await client.$queryRaw`SELECT 1`;
  } catch (error) {
    // The reason, not the connection string: health answers anyone.
    const reason = error instanceof DatabaseUnavailableError ? error.reason : error instanceof Error ? error.message : String(error);
    const message = `The database is unavailable: ${reason}`;
    return Response.json({ status: "unavailable", error: { message, type: "server_error", param: null, code: "database_unavailable" } }, { status: 503, headers: { "retry-after": "5" } });
  }
  return Response.json({ status: "ok", simulator: serverContext().registry.simulator });
});

import "server-only";
import { db } from "@/lib/db/client";
import { serverContext } from "@/lib/server/context";
import { apiRoute } from "../http";

/** Ready once the database is migrated and answering. */
export const healthRoute = apiRoute(async () => {
  const client = await db();
  await client.$queryRaw`SELECT 1`;
  return Response.json({ status: "ok", simulator: serverContext().registry.simulator });
});

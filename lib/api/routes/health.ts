import "server-only";
import { serverContext } from "@/lib/server/context";
import { readiness } from "@/lib/services/readiness";
import { apiRoute } from "../http";

const checkJson = ({ ok, ...rest }: { ok: boolean } & Record<string, unknown>) => ({ status: ok ? "ok" : "unavailable", ...rest });

/**
 * Readiness for load balancers: 200 once the database is migrated and answering, 503 with the reason while
 * it is not, and 503 while this instance stops (SIGTERM), so traffic moves to the others. Storage and the
 * queue are reported (a storage outage fails image requests, not the instance).
 */
export const healthRoute = apiRoute(async () => {
  const state = await readiness();
  const body = {
    status: state.ready ? "ok" : state.stopping ? "stopping" : "unavailable",
    simulator: serverContext().registry.simulator,
    database: checkJson(state.database),
    storage: checkJson(state.storage),
    queue: checkJson(state.queue),
  };
  if (state.ready) return Response.json(body);
  const error = state.database.ok
    ? { message: "This instance is shutting down", type: "server_error", param: null, code: "shutting_down" }
    : { message: `The database is unavailable: ${state.database.reason}`, type: "server_error", param: null, code: "database_unavailable" };
  return Response.json({ ...body, error }, { status: 503, headers: { "retry-after": "5" } });
});

import "server-only";
import { apiUrl } from "./public-url";

/** The 202 of `Prefer: respond-async` (generations and edits): where to poll, and a replay said as such. */
export function asyncAccepted(req: Request, id: string, replayed: boolean): Response {
  const statusUrl = apiUrl(req, `/v1/generations/${id}`);
  return Response.json(
    { id, object: "generation", status: "pending", status_url: statusUrl },
    { status: 202, headers: { location: statusUrl, "preference-applied": "respond-async", ...(replayed ? { "idempotent-replayed": "true" } : {}) } },
  );
}

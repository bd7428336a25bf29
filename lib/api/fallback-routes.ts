import "server-only";
import { ApiError, notFound } from "./errors";
import { apiRoute } from "./http";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type RouteHandler = ReturnType<typeof apiRoute>;

/**
 * Handlers for the methods a route does not serve: a JSON 405 with Allow, where Next would answer an
 * empty 405. A route file exports the ones it lacks: `export const { POST, PUT, PATCH, DELETE } = onlyMethods("GET")`.
 */
export function onlyMethods(...allowed: Method[]): Record<Method | "OPTIONS", RouteHandler> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse = apiRoute(async (req) => {
    throw new ApiError(405, `${req.method} is not supported here; use ${allowed.join(" or ")}`, "invalid_request_error", null, "method_not_allowed", {}, { allow });
  });
  const options = apiRoute(async () => new Response(null, { status: 204, headers: { allow } }));
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: options };
}

/** Any path under /v1 or /openai/v1 that no route serves: a JSON 404 an SDK can read, not an HTML page. */
export const unknownApiPath = apiRoute(async (req) => {
  const { pathname } = new URL(req.url);
  throw notFound(`No API endpoint at ${req.method} '${pathname}'`, null, "unknown_endpoint");
});

import "server-only";
import { recordHttpRequest } from "@/lib/metrics/registry";
import { logger } from "@/lib/server/logger";

type Route<C> = (req: Request, routeCtx: C) => Promise<Response>;

// 5xx the gateway chose (an upstream down, a database away) are warnings; any other 5xx is a bug.
function level(status: number): "info" | "warn" | "error" {
  if (status < 500) return "info";
  return status === 502 || status === 503 || status === 504 ? "warn" : "error";
}

/** One log line per API request: method, path, status, latency, request id, and the provider and model that served it. */
export function withRequestLog<C>(route: Route<C>): Route<C> {
  return async (req, routeCtx) => {
    const started = performance.now();
    const response = await route(req, routeCtx);
    const h = response.headers;
    recordHttpRequest(req, response.status, performance.now() - started);
    logger()[level(response.status)](
      {
        method: req.method,
        path: new URL(req.url).pathname,
        status: response.status,
        latencyMs: Math.round(performance.now() - started),
        requestId: h.get("x-darkroom-request-id") ?? undefined,
        provider: h.get("x-darkroom-provider") ?? undefined,
        model: h.get("x-darkroom-model") ?? undefined,
      },
      "request",
    );
    return response;
  };
}

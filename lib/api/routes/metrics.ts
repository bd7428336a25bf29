import "server-only";
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import { metricsText } from "@/lib/services/metrics";
import { ApiError } from "../errors";
import { apiRoute } from "../http";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * A route handler cannot see the peer address, so "loopback only" means the server itself is bound to a
 * loopback address (only local clients can reach it). Any other bind needs DARKROOM_METRICS_TOKEN.
 */
function requireMetricsAccess(req: Request): void {
  const { DARKROOM_METRICS_TOKEN: token, HOST } = env();
  if (token) {
    const sent = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
    if (sameToken(sent, token)) return;
    throw new ApiError(401, "Send Authorization: Bearer <DARKROOM_METRICS_TOKEN> to read /metrics", "authentication_error", null, "invalid_metrics_token");
  }
  if (!LOOPBACK.has(HOST)) {
    throw new ApiError(403, "/metrics is served to loopback only; set DARKROOM_METRICS_TOKEN to expose it on this address", "permission_error", null, "metrics_forbidden");
  }
}

/** GET /metrics: Prometheus text format. */
export const metricsRoute = apiRoute(async (req) => {
  requireMetricsAccess(req);
  const { contentType, body } = await metricsText();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});

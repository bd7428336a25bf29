import "server-only";
import { env } from "@/lib/config/env";
import { parseOrigins } from "@/lib/config/origins";
import { echo } from "./echo";
import { ApiError } from "./errors";

/** absent: not a browser (curl, SDKs); own: the app's pages; listed: DARKROOM_CORS_ORIGINS; foreign: anyone else. */
export type OriginVerdict = "absent" | "own" | "listed" | "foreign";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const EXPOSED = [
  "x-darkroom-request-id", "x-darkroom-provider", "x-darkroom-provider-name", "x-darkroom-simulated", "x-darkroom-model",
  "x-darkroom-generation-id", "x-darkroom-cost-usd", "idempotent-replayed", "preference-applied", "location", "retry-after",
].join(", ");

const isIpLiteral = (hostname: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith("[");

/**
 * The app's own pages send their own host as Origin. A host name only counts when it is localhost or
 * DARKROOM_PUBLIC_URL's: a DNS-rebinding page (evil.example resolved to 127.0.0.1) also sends matching
 * Origin and Host, but under a name of its own.
 */
function isOwn(origin: URL, req: Request, publicUrl: URL | undefined): boolean {
  if (publicUrl && origin.origin === publicUrl.origin) return true;
  const host = (req.headers.get("host") ?? new URL(req.url).host).toLowerCase();
  if (origin.host !== host) return false;
  return isIpLiteral(origin.hostname) || origin.hostname === "localhost" || origin.hostname === publicUrl?.hostname;
}

export function originVerdict(req: Request): OriginVerdict {
  const header = req.headers.get("origin");
  if (header === null) return "absent";
  let origin: URL;
  try {
    origin = new URL(header);
  } catch {
    return "foreign"; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
  const { DARKROOM_PUBLIC_URL, DARKROOM_CORS_ORIGINS } = env();
  if (isOwn(origin, req, DARKROOM_PUBLIC_URL ? new URL(DARKROOM_PUBLIC_URL) : undefined)) return "own";
  return parseOrigins(DARKROOM_CORS_ORIGINS).includes(origin.origin) ? "listed" : "foreign";
}

const forbidden = (origin: string) =>
  new ApiError(
    403,
    `Cross-origin requests from '${echo(origin)}' are refused; list the origin in DARKROOM_CORS_ORIGINS to allow it`,
    "permission_error",
    "origin",
    "cross_origin_forbidden",
  );

/** A state-changing request from a page the app does not trust never runs, with or without API keys. */
export function refuseForeignOrigin(req: Request): void {
  if (!SAFE_METHODS.has(req.method.toUpperCase()) && originVerdict(req) === "foreign") throw forbidden(req.headers.get("origin")!);
}

export const isPreflight = (req: Request) =>
  req.method.toUpperCase() === "OPTIONS" && req.headers.has("origin") && req.headers.has("access-control-request-method");

/** The CORS headers a listed origin gets on its responses (none for others: browsers then withhold them). */
export function corsHeaders(req: Request): Record<string, string> {
  if (originVerdict(req) !== "listed") return {};
  return { "access-control-allow-origin": req.headers.get("origin")!, "access-control-expose-headers": EXPOSED, vary: "Origin" };
}

/** Answers a CORS preflight: 204 with the grant for a listed (or own) origin, 403 for any other. */
export function preflightAnswer(req: Request): Response {
  const origin = req.headers.get("origin")!;
  if (originVerdict(req) === "foreign") {
    return Response.json(forbidden(origin).toBody(), { status: 403, headers: { vary: "Origin" } });
  }
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-allow-headers": (req.headers.get("access-control-request-headers") ?? "").slice(0, 1000),
      "access-control-max-age": "600",
      vary: "Origin",
    },
  });
}

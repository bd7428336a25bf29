import "server-only";
import { env } from "@/lib/config/env";

/**
 * An absolute URL for an API path, as the caller should reach it: under DARKROOM_PUBLIC_URL (else the host
 * the caller used), and under /openai when the request came in that way. `path` starts with /v1/.
 */
export function apiUrl(req: Request, path: string): string {
  const url = new URL(req.url);
  const base = (env().DARKROOM_PUBLIC_URL ?? `${url.protocol}//${req.headers.get("host") ?? url.host}`).replace(/\/+$/, "");
  const prefix = url.pathname.startsWith("/openai/") ? "/openai" : "";
  return `${base}${prefix}${path}`;
}

import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/config/env";

/** The URL callers reach this server at: DARKROOM_PUBLIC_URL when set, else the host the browser used. */
export async function requestOrigin(): Promise<string> {
  const configured = env().DARKROOM_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "127.0.0.1:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}

import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";
import { ApiError } from "./errors";

// Compared as digests: equal lengths whatever the bytes (a non-ASCII token has more bytes than characters).
const digest = (value: string) => createHash("sha256").update(value).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

const operatorKeys = () => env().DARKROOM_API_KEYS?.split(",").map((k) => k.trim()).filter(Boolean) ?? [];

/** Whether DARKROOM_API_KEYS names at least one operator key. */
export const hasOperatorKey = () => operatorKeys().length > 0;

/** With DARKROOM_API_KEYS set, the API wants one of them as a Bearer token; unset, it is open (local use). */
export function requireApiKey(req: Request): void {
  const keys = operatorKeys();
  if (!keys.length) return;
  const header = req.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (!token) {
    throw new ApiError(401, "Missing API key: send Authorization: Bearer <key>", "authentication_error", null, "missing_api_key");
  }
  if (!keys.some((k) => same(k, token))) {
    throw new ApiError(401, "Incorrect API key provided", "authentication_error", null, "invalid_api_key");
  }
}

import "server-only";
import type { ApiKeyRow } from "@/lib/db/api-keys";
import { env } from "@/lib/config/env";
import { checkKey, isVirtualKey } from "@/lib/services/api-keys";
import { authMode } from "@/lib/auth/mode";
import { viewerFrom } from "@/lib/auth/session";
import type { Viewer } from "@/lib/auth/viewer";
import { findAccount } from "@/lib/services/accounts-users";
import { consumeKeyRate } from "@/lib/services/key-rate-limit";
import { hasOperatorKey, requireApiKey } from "./auth";
import { ApiError } from "./errors";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

const bearer = (req: Request) => /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim();

const WHY: Record<"unknown" | "revoked" | "expired", string> = {
  unknown: "Incorrect API key provided",
  revoked: "This API key has been revoked",
  expired: "This API key has expired",
};

/** An authenticated API caller: the virtual key (for budgets and attribution) and whose rows it may see. */
export interface Caller {
  apiKey?: ApiKeyRow;
  viewer: Viewer;
}

/**
 * The generation API's authentication: a `dk_` virtual key must be valid (and within its rate limit)
 * whatever else is configured; anything else goes through the operator keys (DARKROOM_API_KEYS).
 * Returns the virtual key, for budgets and attribution; undefined for operator keys and open local use.
 */
export async function authenticate(req: Request): Promise<ApiKeyRow | undefined> {
  return (await authenticateCaller(req)).apiKey;
}

/** authenticate, and who the caller is: a key acts for its owner (a disabled owner's keys stop at once). */
export async function authenticateCaller(req: Request): Promise<Caller> {
  const token = bearer(req);
  if (!token || !isVirtualKey(token)) return { viewer: await requireOperatorOrSession(req, token) };
  const check = await checkKey(token);
  if (!check.ok) throw new ApiError(401, WHY[check.reason], "authentication_error", null, "invalid_api_key");
  const viewer = await keyViewer(check.key);
  const rate = await consumeKeyRate(check.key.id, check.key.rateLimitPerMinute);
  if (!rate.ok) {
    const seconds = Math.ceil(rate.retryAfterMs / 1000);
    throw new ApiError(429, `This API key allows ${check.key.rateLimitPerMinute} requests per minute; retry in ${seconds}s`, "rate_limit_error", null, "rate_limit_exceeded", {}, { "retry-after": String(seconds) });
  }
  return { apiKey: check.key, viewer };
}

/**
 * For files the pages show by URL (arena battle images): open in local mode, as before, whatever
 * DARKROOM_API_KEYS says; with accounts on, a session or a key.
 */
export async function fileViewer(req: Request): Promise<Viewer> {
  if ((await authMode()) === "local") return { kind: "local" };
  return (await authenticateCaller(req)).viewer;
}

/** Local mode: keys see everything, as before. With accounts: the owner's reach, or (no owner) the key's own rows. */
async function keyViewer(key: ApiKeyRow): Promise<Viewer> {
  if ((await authMode()) === "local") return { kind: "local" };
  if (!key.userId) return { kind: "key", apiKeyId: key.id };
  const owner = await findAccount(key.userId);
  if (!owner || owner.banned) throw new ApiError(401, "The owner of this API key is disabled", "authentication_error", null, "invalid_api_key");
  return { kind: "user", userId: owner.id, email: owner.email, name: owner.name, role: owner.role === "admin" ? "admin" : "member", apiKeyId: key.id };
}

/**
 * Without a virtual key: local mode keeps today's rule (DARKROOM_API_KEYS when set, else open); with
 * accounts on (or being set up) an operator key or a signed-in session is required.
 */
async function requireOperatorOrSession(req: Request, token: string | undefined): Promise<Viewer> {
  const mode = await authMode();
  if (mode === "local") {
    requireApiKey(req);
    return { kind: "local" };
  }
  if (mode === "setup") throw new ApiError(503, "Darkroom is waiting for its first admin: open /setup with the token from the server log", "server_error", null, "setup_required");
  if (token && hasOperatorKey()) {
    requireApiKey(req);
    return { kind: "operator" };
  }
  const viewer = await viewerFrom(req.headers);
  if (viewer) return viewer;
  throw new ApiError(401, "Missing API key: send Authorization: Bearer <key>", "authentication_error", null, "missing_api_key");
}

/**
 * Key management: operator keys only (a virtual key cannot mint keys). Without DARKROOM_API_KEYS it is
 * allowed only on a loopback bind, where only local clients (the app itself) can reach it; apiRoute has
 * already refused foreign origins.
 */
export function requireKeyAdmin(req: Request): void {
  const { DARKROOM_API_KEYS, HOST } = env();
  const token = bearer(req);
  if (token && isVirtualKey(token)) {
    throw new ApiError(403, "Virtual API keys cannot manage keys; use an operator key from DARKROOM_API_KEYS", "permission_error", null, "operator_key_required");
  }
  if (DARKROOM_API_KEYS?.split(",").some((k) => k.trim())) return requireApiKey(req);
  if (!LOOPBACK.has(HOST)) {
    throw new ApiError(403, "Set DARKROOM_API_KEYS to manage API keys on a non-loopback address", "permission_error", null, "operator_key_required");
  }
}

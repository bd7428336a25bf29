import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

/**
 * local: loopback bind, no admin, everything open as before.
 * accounts: an admin exists; every surface wants a session or a key.
 * setup: non-loopback bind and no admin yet; only the first-run setup page answers.
 */
export type AuthMode = "local" | "accounts" | "setup";

const holder = globalThis as unknown as { darkroomHasAdmin?: boolean; darkroomSetupToken?: string; darkroomNoAdminUntil?: number };

/**
 * "No admin yet" is asked again at most this often: every API request asks, and a count of its own was a
 * database statement per generation. Only another instance's setup can make it stale, for this long.
 */
const NO_ADMIN_RECHECK_MS = 5000;

export async function authMode(): Promise<AuthMode> {
  if (!holder.darkroomHasAdmin && Date.now() >= (holder.darkroomNoAdminUntil ?? 0)) {
    const client = await db();
    holder.darkroomHasAdmin = (await client.authUser.count({ where: { role: "admin" } })) > 0;
    holder.darkroomNoAdminUntil = Date.now() + NO_ADMIN_RECHECK_MS;
  }
  if (holder.darkroomHasAdmin) return "accounts";
  return LOOPBACK.has(env().HOST) ? "local" : "setup";
}

/** Called once the first admin exists: the mode only ever moves from local/setup to accounts. */
export function markAdminCreated(): void {
  holder.darkroomHasAdmin = true;
  holder.darkroomSetupToken = undefined;
}

/** The one-time first-run token (printed in the log at start); undefined once an admin exists. */
export function setupToken(): string | undefined {
  if (holder.darkroomHasAdmin) return undefined;
  holder.darkroomSetupToken ??= randomBytes(24).toString("base64url");
  return holder.darkroomSetupToken;
}

/** Synchronous: whether this process has seen that an admin exists (set by authMode or markAdminCreated). */
export const accountsOn = (): boolean => holder.darkroomHasAdmin === true;

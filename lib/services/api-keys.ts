import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { setKeyRetention } from "@/lib/db/retention";
import { newId } from "@/lib/ids";
import { findApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, spendSince, touchApiKey, type ApiKeyRow } from "@/lib/db/api-keys";

export const KEY_PREFIX = "dk_";

export interface CreateKeyInput {
  name: string;
  expiresAt?: Date;
  monthlyBudgetUsd?: number;
  rateLimitPerMinute?: number;
  userId?: string;
  /** "keep", "none" or a number of days; unset = the source's default. */
  retention?: string;
}

export interface KeySummary extends Omit<ApiKeyRow, "hash"> {
  spendThisMonthUsd: number;
}

export type KeyCheck = { ok: true; key: ApiKeyRow } | { ok: false; reason: "unknown" | "revoked" | "expired" };

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export const isVirtualKey = (token: string) => token.startsWith(KEY_PREFIX);

/** The first instant of the current calendar month, UTC: budgets and spend reset then. */
export function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export const monthKey = (now = new Date()) => now.toISOString().slice(0, 7);

/** A new key: the secret is returned here once and only its hash is stored. */
export async function createKey(input: CreateKeyInput): Promise<{ key: string; row: ApiKeyRow }> {
  const secret = randomBytes(32).toString("base64url");
  const key = `${KEY_PREFIX}${secret}`;
  const row = await insertApiKey({
    id: newId("key"),
    name: input.name,
    prefix: secret.slice(0, 8),
    hash: sha256(key),
    expiresAt: input.expiresAt ?? null,
    monthlyBudgetUsd: input.monthlyBudgetUsd ?? null,
    rateLimitPerMinute: input.rateLimitPerMinute ?? null,
    userId: input.userId ?? null,
  });
  if (input.retention !== undefined) await setKeyRetention(row.id, input.retention);
  return { key, row };
}

/** Every key with what the generations it made cost this month. */
export async function listKeys(now = new Date()): Promise<KeySummary[]> {
  const [rows, spend] = await Promise.all([listApiKeys(), spendSince(monthStart(now))]);
  return rows.map(({ hash: _hash, ...row }) => ({ ...row, spendThisMonthUsd: spend.get(row.id) ?? 0 }));
}

export const revokeKey = (id: string, now = new Date()) => revokeApiKey(id, now);

/** Finds the key by its hash (the index lookup), then compares the hashes in constant time. */
export async function checkKey(token: string, now = new Date()): Promise<KeyCheck> {
  const hash = sha256(token);
  const row = await findApiKeyByHash(hash);
  if (!row || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex"))) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt <= now) return { ok: false, reason: "expired" };
  // Best effort: a failed "last used" write must not fail the request.
  await touchApiKey(row.id, now).catch(() => undefined);
  return { ok: true, key: row };
}

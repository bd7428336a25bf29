import "server-only";
import { z } from "zod";
import { env } from "@/lib/config/env";
import { createKey, listKeys, revokeKey, type KeySummary } from "@/lib/services/api-keys";
import { requireKeyAdmin } from "../key-auth";
import { invalidRequest, notFound } from "../errors";
import { apiRoute, readRequestJson } from "../http";

const createBody = z.object({
  name: z.string().trim().min(1).max(200),
  expires_at: z.iso.datetime({ offset: true }).nullish(),
  monthly_budget_usd: z.number().finite().nonnegative().nullish(),
  rate_limit_per_minute: z.number().int().positive().max(1_000_000).nullish(),
  // Default for this key's generations: "keep", "none" (metadata only; same as 0) or days; null = the source's.
  retention: z.union([z.enum(["keep", "none"]), z.number().int().min(0).max(36_500)]).nullish(),
});

function parseCreate(value: unknown) {
  const parsed = createBody.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = issue.path.length ? issue.path.join(".") : null;
  throw invalidRequest(`${param ?? "body"}: ${issue.message}`, param);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const keyJson = (k: Omit<KeySummary, "spendThisMonthUsd"> & { spendThisMonthUsd?: number }) => ({
  id: k.id,
  object: "api_key",
  name: k.name,
  prefix: `dk_${k.prefix}`,
  created_at: iso(k.createdAt),
  last_used_at: iso(k.lastUsedAt),
  expires_at: iso(k.expiresAt),
  revoked_at: iso(k.revokedAt),
  monthly_budget_usd: k.monthlyBudgetUsd,
  rate_limit_per_minute: k.rateLimitPerMinute,
  retention: k.retention,
  ...(k.spendThisMonthUsd === undefined ? {} : { spend_this_month_usd: k.spendThisMonthUsd }),
});

/** POST /v1/keys: the key itself is in this answer and nowhere else, ever. */
export const createKeyRoute = apiRoute(async (req) => {
  requireKeyAdmin(req);
  const body = parseCreate(await readRequestJson(req, env().DARKROOM_MAX_BODY_BYTES));
  const expiresAt = body.expires_at ? new Date(body.expires_at) : undefined;
  if (expiresAt && expiresAt <= new Date()) throw invalidRequest("expires_at must be in the future", "expires_at");
  const retention = body.retention === 0 ? "none" : body.retention == null ? null : String(body.retention);
  const { key, row } = await createKey({
    name: body.name,
    expiresAt,
    monthlyBudgetUsd: body.monthly_budget_usd ?? undefined,
    rateLimitPerMinute: body.rate_limit_per_minute ?? undefined,
    retention: retention ?? undefined,
  });
  return Response.json({ ...keyJson({ ...row, retention }), key }, { status: 201, headers: { "cache-control": "no-store" } });
});

/** GET /v1/keys: prefixes, never keys, with each key's spend this month (UTC). */
export const listKeysRoute = apiRoute(async (req) => {
  requireKeyAdmin(req);
  return Response.json({ object: "list", data: (await listKeys()).map(keyJson) });
});

/** DELETE /v1/keys/{id}: revoked at once; the row stays so its spend and generations keep their key. */
export const revokeKeyRoute = apiRoute<{ id: string }>(async (req, _ctx, { id }) => {
  requireKeyAdmin(req);
  if (!(await revokeKey(id))) throw notFound(`No API key with id '${id}'`, "id", "key_not_found");
  return Response.json({ id, object: "api_key", revoked: true });
});

import "server-only";
import { Prisma } from "./generated/client.ts";
import { db } from "./client";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  monthlyBudgetUsd: number | null;
  rateLimitPerMinute: number | null;
  userId: string | null;
  /** Default payload policy of the key's generations (lib/services/retention): null, "keep", "none" or days. */
  retention: string | null;
}

export type NewApiKey = Pick<ApiKeyRow, "id" | "name" | "prefix" | "hash" | "expiresAt" | "monthlyBudgetUsd" | "rateLimitPerMinute" | "userId">;

export async function insertApiKey(data: NewApiKey): Promise<ApiKeyRow> {
  return (await db()).apiKey.create({ data });
}

export async function findApiKeyByHash(hash: string): Promise<ApiKeyRow | null> {
  return (await db()).apiKey.findUnique({ where: { hash } });
}

export async function listApiKeys(): Promise<ApiKeyRow[]> {
  return (await db()).apiKey.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

/** False when no such key exists; revoking twice keeps the first revocation time. */
export async function revokeApiKey(id: string, at: Date): Promise<boolean> {
  const client = await db();
  const found = await client.apiKey.findUnique({ where: { id }, select: { id: true } });
  if (!found) return false;
  await client.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  return true;
}

export async function touchApiKey(id: string, at: Date): Promise<void> {
  await (await db()).apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
}

export async function attributeGeneration(generationId: string, apiKeyId: string): Promise<void> {
  await (await db()).generationKey.upsert({ where: { generationId }, create: { generationId, apiKeyId }, update: {} });
}

/** Each key's settled spend since `from`, read from the costs of the generations it made. */
export async function spendSince(from: Date): Promise<Map<string, number>> {
  const rows = await (await db()).$queryRaw<{ apiKeyId: string; spend: number }[]>(Prisma.sql`
    SELECT k."apiKeyId", COALESCE(SUM(g."costUsd"), 0)::float8 AS spend
    FROM "GenerationKey" k JOIN "Generation" g ON g."id" = k."generationId"
    WHERE g."createdAt" >= ${from}
    GROUP BY k."apiKeyId"`);
  return new Map(rows.map((r) => [r.apiKeyId, Number(r.spend)]));
}

/**
 * Reserves `amountUsd` of the key's budget for `month` if reserved + spent + amount still fits:
 * one conditional UPDATE, so concurrent reservations serialise on the row lock and PostgreSQL re-checks
 * the condition against the latest row. Returns whether it fit and the budget left (after it, or as it was when it did not fit).
 */
export async function reserveBudget(apiKeyId: string, month: string, budgetUsd: number, amountUsd: number): Promise<{ ok: boolean; remainingUsd: number }> {
  const client = await db();
  await client.$executeRaw`INSERT INTO "ApiKeyBudget" ("apiKeyId", "month") VALUES (${apiKeyId}, ${month}) ON CONFLICT DO NOTHING`;
  const updated = await client.$queryRaw<{ remaining: number }[]>`
    UPDATE "ApiKeyBudget" SET "reservedUsd" = "reservedUsd" + ${amountUsd}::float8
    WHERE "apiKeyId" = ${apiKeyId} AND "month" = ${month} AND "reservedUsd" + "spentUsd" + ${amountUsd}::float8 <= ${budgetUsd}::float8 + 1e-9
    RETURNING (${budgetUsd}::float8 - "reservedUsd" - "spentUsd")::float8 AS remaining`;
  if (updated[0]) return { ok: true, remainingUsd: Number(updated[0].remaining) };
  const row = await client.apiKeyBudget.findUnique({ where: { apiKeyId_month: { apiKeyId, month } } });
  return { ok: false, remainingUsd: Math.max(0, budgetUsd - (row?.reservedUsd ?? 0) - (row?.spentUsd ?? 0)) };
}

/** Turns a reservation into the actual cost (zero when nothing was billed). */
export async function settleBudget(apiKeyId: string, month: string, reservedUsd: number, actualUsd: number): Promise<void> {
  await (await db()).$executeRaw`
    UPDATE "ApiKeyBudget" SET "reservedUsd" = GREATEST(0, "reservedUsd" - ${reservedUsd}::float8), "spentUsd" = "spentUsd" + ${actualUsd}::float8
    WHERE "apiKeyId" = ${apiKeyId} AND "month" = ${month}`;
}

import "server-only";
import { db } from "./client";

/** The user's monthly budget in USD, or null (no limit). */
export async function findUserBudget(userId: string): Promise<number | null> {
  const row = await (await db()).userBudget.findUnique({ where: { userId } });
  return row?.monthlyBudgetUsd ?? null;
}

export async function listUserBudgets(): Promise<Map<string, number>> {
  const rows = await (await db()).userBudget.findMany({ where: { monthlyBudgetUsd: { not: null } } });
  return new Map(rows.map((r) => [r.userId, r.monthlyBudgetUsd!]));
}

export async function saveUserBudget(userId: string, monthlyBudgetUsd: number | null): Promise<void> {
  await (await db()).userBudget.upsert({ where: { userId }, create: { userId, monthlyBudgetUsd }, update: { monthlyBudgetUsd } });
}

/** What each user's generations cost since `from` (Generation.userId: every surface counts). */
export async function userSpendSince(userIds: string[], from: Date): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await (await db()).generation.groupBy({ by: ["userId"], where: { userId: { in: userIds }, createdAt: { gte: from } }, _sum: { costUsd: true } });
  return new Map(rows.map((r) => [r.userId!, r._sum.costUsd ?? 0]));
}

/**
 * Reserves `amountUsd` of the user's budget for `month` if spent + reserved + amount fits. The reservation
 * row is locked first, so concurrent reservations (and releases) for the user run one at a time, and the
 * spend is read after the lock: a finished generation's cost is committed before its reservation is released.
 */
export async function reserveUserBudget(
  userId: string,
  month: string,
  from: Date,
  budgetUsd: number,
  amountUsd: number,
): Promise<{ ok: boolean; remainingUsd: number }> {
  const client = await db();
  await client.$executeRaw`INSERT INTO "UserBudgetReservation" ("userId", "month") VALUES (${userId}, ${month}) ON CONFLICT DO NOTHING`;
  return client.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ reserved: number }[]>`
      SELECT "reservedUsd"::float8 AS reserved FROM "UserBudgetReservation" WHERE "userId" = ${userId} AND "month" = ${month} FOR UPDATE`;
    const [spent] = await tx.$queryRaw<{ spent: number }[]>`
      SELECT COALESCE(SUM("costUsd"), 0)::float8 AS spent FROM "Generation" WHERE "userId" = ${userId} AND "createdAt" >= ${from}`;
    const remainingUsd = budgetUsd - Number(locked?.reserved ?? 0) - Number(spent?.spent ?? 0);
    if (amountUsd > remainingUsd + 1e-9) return { ok: false, remainingUsd: Math.max(0, remainingUsd) };
    await tx.$executeRaw`
      UPDATE "UserBudgetReservation" SET "reservedUsd" = "reservedUsd" + ${amountUsd}::float8 WHERE "userId" = ${userId} AND "month" = ${month}`;
    return { ok: true, remainingUsd: remainingUsd - amountUsd };
  });
}

/** Drops a reservation once its generation's cost is on the row (or nothing was billed). */
export async function releaseUserBudget(userId: string, month: string, amountUsd: number): Promise<void> {
  await (await db()).$executeRaw`
    UPDATE "UserBudgetReservation" SET "reservedUsd" = GREATEST(0, "reservedUsd" - ${amountUsd}::float8) WHERE "userId" = ${userId} AND "month" = ${month}`;
}

import "server-only";
import { findUserBudget, listUserBudgets, releaseUserBudget, reserveUserBudget, saveUserBudget, userSpendSince } from "@/lib/db/user-budgets";
import { GatewayError } from "@/lib/generation/errors";
import { logger } from "@/lib/server/logger";
import { monthKey } from "./api-keys";

/** An estimate held against a user's month until the generation's cost is on its row. */
export interface UserReservation {
  userId: string;
  month: string;
  amountUsd: number;
}

const round6 = (usd: number) => Math.round(usd * 1e6) / 1e6;
const monthStart = (month: string) => new Date(`${month}-01T00:00:00.000Z`);

export const userMonthlyBudget = (userId: string | undefined): Promise<number | null> => (userId ? findUserBudget(userId) : Promise.resolve(null));

/**
 * Reserves the request's estimate against the user's monthly budget (calendar month UTC), or throws the same
 * 402 insufficient_budget a key's budget does, with what is left.
 */
export async function reserveForUser(userId: string, budgetUsd: number, amountUsd: number): Promise<UserReservation> {
  const month = monthKey();
  const { ok, remainingUsd } = await reserveUserBudget(userId, month, monthStart(month), budgetUsd, amountUsd);
  if (!ok) {
    throw new GatewayError({
      kind: "budget",
      message: `Your monthly budget has $${round6(remainingUsd)} left; this request is estimated at $${amountUsd}`,
      code: "insufficient_budget",
      details: { remaining_usd: round6(remainingUsd), estimated_cost_usd: amountUsd, monthly_budget_usd: budgetUsd },
    });
  }
  return { userId, month, amountUsd };
}

export async function releaseForUser(reservation: UserReservation | undefined): Promise<void> {
  if (!reservation) return;
  await releaseUserBudget(reservation.userId, reservation.month, reservation.amountUsd).catch((error: unknown) =>
    logger().error({ err: error, userId: reservation.userId }, "could not release a user's budget reservation"),
  );
}

/** Each user's budget and spend this month, for /settings/users. */
export async function userBudgets(userIds: string[]): Promise<Map<string, { monthlyBudgetUsd: number | null; spentUsd: number }>> {
  const [budgets, spend] = await Promise.all([listUserBudgets(), userSpendSince(userIds, monthStart(monthKey()))]);
  return new Map(userIds.map((id) => [id, { monthlyBudgetUsd: budgets.get(id) ?? null, spentUsd: round6(spend.get(id) ?? 0) }]));
}

/** An admin's change: null removes the limit. Takes effect on the next request. */
export async function setUserBudget(userId: string, monthlyBudgetUsd: number | null): Promise<void> {
  await saveUserBudget(userId, monthlyBudgetUsd);
}

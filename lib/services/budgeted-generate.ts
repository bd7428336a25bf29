import "server-only";
import { attributeGeneration, reserveBudget, settleBudget, type ApiKeyRow } from "@/lib/db/api-keys";
import { findGeneration } from "@/lib/db/generations";
import { GatewayError } from "@/lib/generation/errors";
import { logger } from "@/lib/server/logger";
import { monthKey } from "./api-keys";
import type { BudgetReservation } from "./async-generation";
import { estimateAliased, type EstimateFilter } from "./estimate";
import { generate, startAsyncGeneration, type GenerateInput, type GenerationResult } from "./generate";
import { applyMaxCost, quotes, splitMaxCost } from "./max-cost";
import { releaseForUser, reserveForUser, userMonthlyBudget, type UserReservation } from "./user-budgets";

/** A generation request and the virtual key that made it (none: operator key or local use). */
export interface KeyedInput extends GenerateInput {
  apiKey?: ApiKeyRow;
}

type Reservation = BudgetReservation;

interface Plan {
  body: unknown;
  reservation?: Reservation;
  /** The owner's per-user budget, held until the generation's cost is on its row. */
  userReservation?: UserReservation;
}

const round6 = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** The generate service's own input: the key stays here, but the row records it (and its owner). */
const withBody = ({ apiKey, ...input }: KeyedInput, body: unknown): GenerateInput => ({
  ...input,
  body,
  owner: { userId: input.owner?.userId ?? apiKey?.userId ?? undefined, apiKeyId: apiKey?.id ?? input.owner?.apiKeyId },
});

/**
 * Applies max_cost and reserves the key's and its owner's budgets before any provider call. The reservation is the
 * highest estimate among the providers the request may fall back to, so no fallback can overspend.
 */
async function plan(input: KeyedInput): Promise<Plan> {
  const { body, maxCost } = splitMaxCost(input.body);
  const budget = input.apiKey?.monthlyBudgetUsd ?? null;
  const userId = input.owner?.userId ?? input.apiKey?.userId ?? undefined;
  const userBudget = await userMonthlyBudget(userId);
  if (maxCost === undefined && budget === null && userBudget === null) return { body };
  const offers = await quotes(body);
  const routed = maxCost === undefined ? body : applyMaxCost(body, offers, maxCost);
  if ((budget === null || !input.apiKey) && userBudget === null) return { body: routed };
  const fitting = maxCost === undefined ? offers : offers.filter((q) => q.estimatedCostUsd <= maxCost + 1e-9);
  const amountUsd = round6(Math.max(0, ...fitting.map((q) => q.estimatedCostUsd)));
  const userReservation = userBudget === null ? undefined : await reserveForUser(userId!, userBudget, amountUsd);
  if (budget === null || !input.apiKey) return { body: routed, userReservation };
  const month = monthKey();
  const { ok, remainingUsd } = await reserveBudget(input.apiKey.id, month, budget, amountUsd);
  if (!ok) {
    await releaseForUser(userReservation);
    throw new GatewayError({
      kind: "budget",
      message: `This key's monthly budget has $${round6(remainingUsd)} left; this request is estimated at $${amountUsd}`,
      code: "insufficient_budget",
      details: { remaining_usd: round6(remainingUsd), estimated_cost_usd: amountUsd, monthly_budget_usd: budget },
    });
  }
  return { body: routed, reservation: { apiKeyId: input.apiKey.id, month, amountUsd }, userReservation };
}

/** What a failed generation billed (its attempts' costs are on its row), or nothing without a row. */
async function failedCost(error: unknown, knownId?: string): Promise<number> {
  const id = knownId ?? (error instanceof GatewayError ? error.generationId : undefined);
  if (!id) return 0;
  return (await findGeneration({ id }))?.costUsd ?? 0;
}

async function settle(reservation: Reservation | undefined, actualUsd: number): Promise<void> {
  if (!reservation) return;
  await settleBudget(reservation.apiKeyId, reservation.month, reservation.amountUsd, actualUsd).catch((error: unknown) =>
    logger().error({ err: error, apiKeyId: reservation.apiKeyId }, "could not settle an API key's budget reservation"),
  );
}

/** Best effort: a generation that was made is answered even if its key attribution cannot be written. */
async function attribute(input: KeyedInput, generationId: string | undefined): Promise<void> {
  if (!input.apiKey || !generationId) return;
  await attributeGeneration(generationId, input.apiKey.id).catch((error: unknown) =>
    logger().error({ err: error, generationId }, "could not attribute a generation to its API key"),
  );
}

/** The synchronous generation path with max_cost, key attribution and the key's budget. */
export async function budgetedGenerate(input: KeyedInput): Promise<GenerationResult> {
  const { body, reservation, userReservation } = await plan(input);
  let actualUsd = 0;
  try {
    const result = await generate(withBody(input, body));
    if (!result.replayed) actualUsd = result.generation.costUsd;
    await attribute(input, result.generation.id);
    return result;
  } catch (error) {
    actualUsd = await failedCost(error).catch(() => 0);
    await attribute(input, error instanceof GatewayError ? error.generationId : undefined);
    throw error;
  } finally {
    await settle(reservation, actualUsd);
    await releaseForUser(userReservation);
  }
}

/** `Prefer: respond-async` with the same checks; both reservations ride on the job and are settled when it ends. */
export async function budgetedStartAsync(input: KeyedInput): Promise<{ id: string; replayed: boolean }> {
  const { body, reservation, userReservation } = await plan(input);
  let started: { id: string; replayed: boolean };
  try {
    started = await startAsyncGeneration(withBody(input, body), { reservation, userReservation });
  } catch (error) {
    await settle(reservation, 0);
    await releaseForUser(userReservation);
    throw error;
  }
  await attribute(input, started.id);
  if (started.replayed) {
    await settle(reservation, 0);
    await releaseForUser(userReservation);
  }
  return started;
}

/** ?dryRun=true: the estimate, and with max_cost whether each provider fits under it. */
export async function budgetedEstimate(rawBody: unknown, filter?: EstimateFilter) {
  const { body, maxCost } = splitMaxCost(rawBody);
  const result = await estimateAliased(body, filter);
  if (maxCost === undefined) return result;
  return {
    ...result,
    max_cost: maxCost,
    providers: result.providers.map((p) => ({ ...p, within_max_cost: p.estimated_cost_usd <= maxCost + 1e-9 })),
  };
}

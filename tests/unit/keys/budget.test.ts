import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GatewayError } from "@/lib/generation/errors";
import { toApiError } from "@/lib/api/errors";
import { createKey } from "@/lib/services/api-keys";
import { memoryDb } from "./pglite";

const calls = vi.hoisted(() => ({ generated: 0 }));

// The provider side is stubbed: every request is quoted $0.10 and really costs $0.08.
vi.mock("@/lib/services/max-cost", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/services/max-cost")>()),
  quotes: async () => [{ provider: "fake", estimatedCostUsd: 0.1 }],
}));
vi.mock("@/lib/services/generate", () => ({
  generate: async () => {
    const id = `gen_${(calls.generated += 1)}_${Math.random()}`;
    await new Promise((r) => setTimeout(r, 20));
    return { generation: { id, costUsd: 0.08 }, replayed: false };
  },
  startAsyncGeneration: async () => ({ id: "gen_async", replayed: false }),
}));

const { budgetedGenerate } = await import("@/lib/services/budgeted-generate");

let close: () => Promise<void>;
let prisma: Awaited<ReturnType<typeof memoryDb>>["prisma"];
beforeAll(async () => {
  ({ prisma, close } = await memoryDb());
});
afterAll(() => close());

const input = (apiKey: Awaited<ReturnType<typeof createKey>>["row"]) => ({ body: { prompt: "p" }, source: "api" as const, apiKey });

describe("per-key monthly budget", () => {
  it("lets at most three of ten concurrent requests through a budget that fits three", async () => {
    calls.generated = 0;
    const { row } = await createKey({ name: "three", monthlyBudgetUsd: 0.3 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => budgetedGenerate(input(row))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(calls.generated).toBe(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as GatewayError);
    expect(refused.every((e) => e instanceof GatewayError && e.code === "insufficient_budget")).toBe(true);
    // Settled to the actual cost, attributed to the key.
    const month = new Date().toISOString().slice(0, 7);
    const budget = await prisma.apiKeyBudget.findUniqueOrThrow({ where: { apiKeyId_month: { apiKeyId: row.id, month } } });
    expect(budget.reservedUsd).toBeCloseTo(0);
    expect(budget.spentUsd).toBeCloseTo(0.24);
    expect(await prisma.generationKey.count({ where: { apiKeyId: row.id } })).toBe(3);
  });

  it("answers 402 insufficient_budget with the remaining amount and the estimate", async () => {
    calls.generated = 0;
    const { row } = await createKey({ name: "small", monthlyBudgetUsd: 0.15 });
    await budgetedGenerate(input(row));
    const error = await budgetedGenerate(input(row)).catch((e: unknown) => e as GatewayError);
    expect(calls.generated).toBe(1);
    const api = toApiError(error as GatewayError);
    expect(api.status).toBe(402);
    expect(api.toBody().error).toMatchObject({ code: "insufficient_budget", remaining_usd: 0.07, estimated_cost_usd: 0.1, monthly_budget_usd: 0.15 });
  });

  it("does not reserve for keys without a budget", async () => {
    const { row } = await createKey({ name: "open" });
    await budgetedGenerate(input(row));
    expect(await prisma.apiKeyBudget.count({ where: { apiKeyId: row.id } })).toBe(0);
  });
});

describe("max_cost", () => {
  it("refuses with max_cost_exceeded naming the cheapest quote, before generating", async () => {
    calls.generated = 0;
    const error = await budgetedGenerate({ body: { prompt: "p", max_cost: 0.05 }, source: "api" }).catch((e: unknown) => e as GatewayError);
    expect(calls.generated).toBe(0);
    const api = toApiError(error as GatewayError);
    expect(api.status).toBe(400);
    expect(api.toBody().error).toMatchObject({ code: "max_cost_exceeded", param: "max_cost", cheapest: { provider: "fake", estimated_cost_usd: 0.1 } });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GatewayError } from "@/lib/generation/errors";
import { createKey } from "@/lib/services/api-keys";
import { setUserBudget } from "@/lib/services/user-budgets";
import { memoryDb } from "./pglite";

const calls = vi.hoisted(() => ({ generated: 0, prisma: undefined as unknown, queued: [] as unknown[] }));

// Every request is quoted $0.10 and costs $0.08, recorded on a Generation row of its owner (as generate does).
vi.mock("@/lib/services/max-cost", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/services/max-cost")>()),
  quotes: async () => [{ provider: "fake", estimatedCostUsd: 0.1 }],
}));
vi.mock("@/lib/services/generate", () => ({
  generate: async (input: { owner?: { userId?: string } }) => {
    const id = `gen_${(calls.generated += 1)}_${Math.random()}`;
    await new Promise((r) => setTimeout(r, 20));
    const prisma = calls.prisma as Awaited<ReturnType<typeof memoryDb>>["prisma"];
    await prisma.generation.create({
      data: { id, source: "api", model: "m", prompt: "p", seed: 1n, n: 1, request: {}, normalized: {}, ledger: [], costUsd: 0.08, userId: input.owner?.userId ?? null },
    });
    return { generation: { id, costUsd: 0.08 }, replayed: false };
  },
  // Queued, never run here: the holds stay on the job until a worker settles them.
  startAsyncGeneration: async (_input: unknown, holds: unknown) => {
    calls.queued.push(holds);
    return { id: `gen_async_${calls.queued.length}`, replayed: false };
  },
}));

const { budgetedGenerate, budgetedStartAsync } = await import("@/lib/services/budgeted-generate");
const { releaseJobUserReservation } = await import("@/lib/db/jobs");

let close: () => Promise<void>;
let prisma: Awaited<ReturnType<typeof memoryDb>>["prisma"];
beforeAll(async () => {
  ({ prisma, close } = await memoryDb());
  calls.prisma = prisma;
});
afterAll(() => close());

describe("per-user monthly budget", () => {
  it("lets at most three of ten concurrent requests through, across the user's keys and sessions", async () => {
    await setUserBudget("u_three", 0.3);
    const keys = await Promise.all([createKey({ name: "a", userId: "u_three" }), createKey({ name: "b", userId: "u_three" })]);
    const requests = Array.from({ length: 10 }, (_, i) =>
      i < 6
        ? budgetedGenerate({ body: { prompt: "p" }, source: "api", apiKey: keys[i % 2]!.row })
        : budgetedGenerate({ body: { prompt: "p" }, source: "playground", owner: { userId: "u_three" } }),
    );
    const results = await Promise.allSettled(requests);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as GatewayError);
    expect(refused.every((e) => e instanceof GatewayError && e.code === "insufficient_budget")).toBe(true);
    expect(await prisma.generation.count({ where: { userId: "u_three" } })).toBe(3);
    const month = new Date().toISOString().slice(0, 7);
    const held = await prisma.userBudgetReservation.findUniqueOrThrow({ where: { userId_month: { userId: "u_three", month } } });
    expect(held.reservedUsd).toBeCloseTo(0);
    // $0.24 spent: the next $0.10 does not fit, and the refusal says $0.06 is left.
    const next = await budgetedGenerate({ body: { prompt: "p" }, source: "api", apiKey: keys[0]!.row }).catch((e: unknown) => e as GatewayError);
    expect(next).toMatchObject({ code: "insufficient_budget", details: { remaining_usd: 0.06, estimated_cost_usd: 0.1, monthly_budget_usd: 0.3 } });
  });

  it("does not touch the ledger for users without a budget", async () => {
    await budgetedGenerate({ body: { prompt: "p" }, source: "playground", owner: { userId: "u_open" } });
    expect(await prisma.userBudgetReservation.count({ where: { userId: "u_open" } })).toBe(0);
  });

  it("holds an async request's estimate while its job waits, and the job releases it once", async () => {
    await setUserBudget("u_async", 0.3);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => budgetedStartAsync({ body: { prompt: "p" }, source: "api", owner: { userId: "u_async" } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const month = new Date().toISOString().slice(0, 7);
    const held = () => prisma.userBudgetReservation.findUniqueOrThrow({ where: { userId_month: { userId: "u_async", month } } });
    expect((await held()).reservedUsd).toBeCloseTo(0.3);
    const hold = (calls.queued.at(-1) as { userReservation: { userId: string; month: string; amountUsd: number } }).userReservation;
    expect(hold).toEqual({ userId: "u_async", month, amountUsd: 0.1 });
    await prisma.job.create({ data: { id: "job_u_async", queue: "generation", payload: { generationId: "gen_async_1" } } });
    // A rerun of the same job (taken over after a crash) must not release the hold a second time.
    expect(await releaseJobUserReservation({ jobId: "job_u_async", ...hold })).toBe(true);
    expect(await releaseJobUserReservation({ jobId: "job_u_async", ...hold })).toBe(false);
    expect((await held()).reservedUsd).toBeCloseTo(0.2);
  });
});

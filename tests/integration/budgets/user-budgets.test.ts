import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionViewer } from "@/lib/auth/viewer";
import { POST } from "@/lib/api/routes/images-generations";
import { budgetedEstimate } from "@/lib/services/budgeted-generate";
import { createKey } from "@/lib/services/api-keys";
import { createBattle } from "@/lib/arena/battles";
import { createComparison, runTarget } from "@/lib/services/compare";
import { startOpenAIFake } from "../../fakes/openai-fake";
import { useInProcessApp } from "../../helpers/in-process";

// Per-user monthly budgets (issue 14): set by an admin on /settings/users, enforced on the API (the member's
// key) and in the playground action alike, from the member's spend this month.

const who = vi.hoisted(() => ({ viewer: undefined as SessionViewer | undefined }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  requireViewer: async () => who.viewer!,
  requireAdmin: async () => {
    if (who.viewer?.kind === "user" && who.viewer.role !== "admin") throw new Error("NEXT_REDIRECT /");
    return who.viewer!;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { startGeneration } = await import("@/app/(studio)/actions");
const { setUserBudgetAction } = await import("@/app/(studio)/settings/users/actions");

// A priced provider (the simulator is free): OpenAI's fake.
const fake = await startOpenAIFake({ apiKey: "sk-budgets" });
afterAll(() => fake.close());
const prisma = useInProcessApp({ OPENAI_API_KEY: "sk-budgets", OPENAI_BASE_URL: fake.url, DARKROOM_SIMULATOR: "off" });

const ADMIN: SessionViewer = { kind: "user", userId: "u_admin", email: "ada@example.com", name: "Ada", role: "admin" };
const MEMBER: SessionViewer = { kind: "user", userId: "u_member", email: "bo@example.com", name: "Bo", role: "member" };
const body = (prompt: string) => ({ model: "gpt-image-1", prompt, response_format: "url" });

let key: string;
let estimate: number;
beforeAll(async () => {
  for (const u of [ADMIN, MEMBER]) {
    if (u.kind !== "user") continue;
    await prisma().authUser.create({ data: { id: u.userId, name: u.name, email: u.email, role: u.role, emailVerified: true } });
  }
  key = (await createKey({ name: "bo's key", userId: "u_member" })).key;
  estimate = (await budgetedEstimate(body("x"))).estimated_cost_usd as number;
});

const api = async (prompt: string) => {
  const res = await POST(
    new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body(prompt)) }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, json: (await res.json()) as { error?: Record<string, unknown>; darkroom?: { id: string } } };
};

const playground = async (prompt: string) => {
  who.viewer = MEMBER;
  return (await startGeneration(body(prompt), crypto.randomUUID())).outcome;
};

const setBudget = async (as: SessionViewer, budget: string) => {
  who.viewer = as;
  return setUserBudgetAction("u_member", budget);
};

describe("per-user monthly budgets", () => {
  it("the model costs something, so a budget can refuse it", () => {
    expect(estimate).toBeGreaterThan(0);
  });

  it("without a budget the member generates on the API and in the playground", async () => {
    expect((await api("no budget yet")).status).toBe(200);
    expect((await playground("no budget yet")).data).toBeDefined();
  });

  it("a member cannot set budgets; an admin's zero budget refuses the member with 402 on the API and in the playground", async () => {
    await expect(setBudget(MEMBER, "100")).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await setBudget(ADMIN, "abc")).toMatchObject({ error: { code: "invalid_input", param: "monthlyBudgetUsd" } });
    expect(await setBudget(ADMIN, "0")).toEqual({ data: { monthlyBudgetUsd: 0 } });
    const before = await prisma().generation.count({ where: { userId: "u_member" } });
    const refused = await api("over budget");
    expect(refused.status).toBe(402);
    expect(refused.json.error).toMatchObject({ code: "insufficient_budget", remaining_usd: 0, estimated_cost_usd: estimate, monthly_budget_usd: 0 });
    const outcome = await playground("over budget");
    expect(outcome.error).toMatchObject({ code: "insufficient_budget" });
    expect(outcome.error?.message).toMatch(/monthly budget has \$0 left/);
    expect(await prisma().generation.count({ where: { userId: "u_member" } })).toBe(before);
  });

  it("compare cells and arena contestants go through the same budget", async () => {
    const settings = { prompt: "a compared kite", negativePrompt: "", seed: 7, aspectRatio: "1:1", resolution: "1K" };
    const comparison = await createComparison(settings, ["gpt-image-1"], MEMBER);
    const cell = await runTarget({ comparisonId: comparison.id, target: "gpt-image-1", viewer: MEMBER });
    expect(cell.state).toBe("failed");
    expect(cell.error).toMatch(/monthly budget has \$0 left/);
    await expect(createBattle({ prompt: "an arena kite", contestants: ["gpt-image-1", "gpt-image-1-mini"], seed: 8, viewer: MEMBER })).rejects.toThrow(/monthly budget/);
    expect(await prisma().generation.count({ where: { userId: "u_member", source: { in: ["compare", "arena"] } } })).toBe(0);
  });

  it("counts this month's spend: a budget that fits one more generation lets exactly one through, and says what is left", async () => {
    const spent = (await prisma().generation.aggregate({ where: { userId: "u_member" }, _sum: { costUsd: true } }))._sum.costUsd ?? 0;
    expect(spent).toBeGreaterThan(0);
    const budget = Math.round((spent + estimate * 1.5) * 1e6) / 1e6;
    expect(await setBudget(ADMIN, String(budget))).toEqual({ data: { monthlyBudgetUsd: budget } });
    const results = await Promise.all([api("one of three"), api("two of three"), playground("three of three")]);
    const through = results.filter((r) => ("status" in r ? r.status === 200 : r.data !== undefined));
    expect(through).toHaveLength(1);
    const refused = results.map((r) => ("status" in r ? r.json.error : r.error)).filter(Boolean);
    expect(refused).toHaveLength(2);
    expect(refused.every((e) => e!.code === "insufficient_budget")).toBe(true);
    // The API's refusals say how much is left: less than one more request.
    for (const r of results) {
      if (!("status" in r) || r.status !== 402) continue;
      expect(r.json.error!.remaining_usd as number).toBeLessThan(estimate);
      expect(r.json.error).toMatchObject({ estimated_cost_usd: estimate, monthly_budget_usd: budget });
    }
  });

  it("removing the budget (empty) lets the member through again", async () => {
    expect(await setBudget(ADMIN, "")).toEqual({ data: { monthlyBudgetUsd: null } });
    expect((await api("unlimited again")).status).toBe(200);
    expect((await prisma().userBudgetReservation.findFirst({ where: { userId: "u_member" } }))?.reservedUsd ?? 0).toBeCloseTo(0);
  });
});

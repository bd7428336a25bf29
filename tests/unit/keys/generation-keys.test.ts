import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/config/env";
import { createKey } from "@/lib/services/api-keys";
import { memoryDb } from "./pglite";

// The simulator is free, so its quote is stubbed to $0.10; everything else (route, auth, routing,
// simulator, database) is the real path.
const QUOTE = 0.1;
vi.mock("@/lib/services/max-cost", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/services/max-cost")>()),
  quotes: async () => [{ provider: "local", estimatedCostUsd: QUOTE }],
}));
const { POST } = await import("@/lib/api/routes/images-generations");

// The real generation route on the simulator: a dk_ key's budget, max_cost and attribution end to end.
let close: () => Promise<void>;
let prisma: Awaited<ReturnType<typeof memoryDb>>["prisma"];

const post = (body: Record<string, unknown>, token?: string, query = "") =>
  POST(
    new Request(`http://127.0.0.1/v1/images/generations${query}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );

beforeAll(async () => {
  Object.assign(process.env, {
    DARKROOM_DATA_DIR: await mkdtemp(path.join(tmpdir(), "darkroom-keys-")),
    DARKROOM_SIMULATOR: "on",
    DARKROOM_SIMULATOR_LATENCY_MS: "200",
    LOG_LEVEL: "silent",
  });
  resetEnvForTests();
  ({ prisma, close } = await memoryDb());
});
afterAll(() => close());

const body = { model: "flux-dev", prompt: "a lighthouse" };

describe("virtual keys on the generation route", () => {
  it("generates at most three of ten concurrent requests against a budget that fits three; the rest get 402", async () => {
    const { key, row } = await createKey({ name: "three", monthlyBudgetUsd: QUOTE * 3.5 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(body, key)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 402)).toHaveLength(7);
    const refused = (await responses.find((r) => r.status === 402)!.json()) as { error: Record<string, unknown> };
    expect(refused.error).toMatchObject({ code: "insufficient_budget", estimated_cost_usd: QUOTE });
    expect(typeof refused.error.remaining_usd).toBe("number");
    expect(await prisma.generationKey.count({ where: { apiKeyId: row.id } })).toBe(3);
  });

  it("answers 401 invalid_api_key for an unknown dk_ key, before generating", async () => {
    const before = await prisma.generation.count();
    const res = await post(body, "dk_not-a-key");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
    expect(await prisma.generation.count()).toBe(before);
  });

  it("max_cost below every quote: 400 max_cost_exceeded naming the cheapest; dryRun says which fit, and one that fits generates", async () => {
    const res = await post({ ...body, max_cost: QUOTE / 2 });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; cheapest: { estimated_cost_usd: number } } };
    expect(json.error.code).toBe("max_cost_exceeded");
    expect(json.error.cheapest.estimated_cost_usd).toBe(QUOTE);
    const dry = (await (await post({ ...body, max_cost: 0 }, undefined, "?dryRun=true")).json()) as { providers: { within_max_cost: boolean }[] };
    expect(dry.providers.some((p) => p.within_max_cost)).toBe(true);
    expect((await post({ ...body, max_cost: QUOTE })).status).toBe(200);
  });
});

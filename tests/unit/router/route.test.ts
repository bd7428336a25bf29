import { describe, expect, it } from "vitest";
import { findModel, type ProviderOffer } from "@/lib/catalog";
import { normalizeRequest } from "@/lib/params/normalize";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { Bulkheads } from "@/lib/router/bulkheads";
import { chooseCandidates } from "@/lib/router/candidates";
import { HealthBook } from "@/lib/router/health";
import { routeGeneration, type RouteSettings } from "@/lib/router/route";
import type { RoutingConfig } from "@/lib/router/routing-config";
import { scriptedProvider, type Step } from "./scripted-provider";

const MODEL = "imagen-4.0-generate-001";

function setup(scripts: Record<string, Step[]>, options: { routing?: Partial<RoutingConfig>; health?: HealthBook; concurrency?: number } = {}) {
  const scripted = Object.fromEntries(Object.entries(scripts).map(([id, script]) => [id, scriptedProvider(id, script)]));
  const providers = new Map(Object.entries(scripted).map(([id, s]) => [id, s.provider]));
  const registry: ProviderRegistry = { providers, simulator: "off", statuses: [], servesUnpinned: (p) => providers.has(p) };
  const health = options.health ?? new HealthBook({ window: 10, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 60_000 });
  const routing: RoutingConfig = { defaultPolicy: "priority", perModel: {}, order: {}, fallbackOnContentPolicy: false, ...options.routing };
  const settings: RouteSettings = {
    attemptTimeoutMs: 2000,
    deadlineMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5 },
    health,
    bulkheads: new Bulkheads(options.concurrency ?? 8, 100),
    fallbackOnContentPolicy: false,
  };
  const run = (body: Record<string, unknown> = {}, overrides: Partial<RouteSettings> = {}) => {
    const req = normalizeRequest({ prompt: "p", model: MODEL, ...body }, { defaultModel: MODEL, drawSeed: () => 1 });
    const candidates = chooseCandidates(req, registry, routing, health);
    return routeGeneration(req, candidates, registry, { ...settings, ...overrides });
  };
  const order = (body: Record<string, unknown> = {}) => {
    const req = normalizeRequest({ prompt: "p", model: MODEL, ...body }, { defaultModel: MODEL, drawSeed: () => 1 });
    return chooseCandidates(req, registry, routing, health).offers.map((o: ProviderOffer) => o.provider);
  };
  return { scripted, run, order, health };
}

const attemptsOf = (outcome: Awaited<ReturnType<ReturnType<typeof setup>["run"]>>) =>
  outcome.attempts.map((a) => `${a.provider}:${a.status === "succeeded" ? "ok" : a.errorKind}`);

describe("fallback on each fault kind of the first provider", () => {
  it.each([
    [{ fail: "timeout" } as Step, ["vertex:timeout", "vertex:timeout", "fal:ok"]],
    [{ fail: "unavailable", status: 503 } as Step, ["vertex:unavailable", "vertex:unavailable", "vertex:unavailable", "fal:ok"]],
    [{ fail: "upstream", status: 500 } as Step, ["vertex:upstream", "vertex:upstream", "fal:ok"]],
    [{ fail: "rate_limit", status: 429 } as Step, ["vertex:rate_limit", "vertex:rate_limit", "vertex:rate_limit", "fal:ok"]],
    ["empty" as Step, ["vertex:upstream", "vertex:upstream", "fal:ok"]],
    [{ fail: "not_found", status: 404 } as Step, ["vertex:not_found", "fal:ok"]],
  ])("%j: retries per its budget, then falls back", async (fault, expected) => {
    const { run } = setup({ vertex: [fault], fal: ["ok"] });
    const outcome = await run();
    expect(attemptsOf(outcome)).toEqual(expected);
    expect(outcome.images).toHaveLength(1);
    expect(outcome.images[0]!.offer.provider).toBe("fal");
  });

  it.each([
    [{ fail: "auth", status: 401 } as Step, "auth"],
    [{ fail: "invalid_request", status: 400 } as Step, "invalid_request"],
    [{ fail: "content_policy", status: 400 } as Step, "content_policy"],
  ])("%j: never retried, never falls back", async (fault, kind) => {
    const { run, scripted } = setup({ vertex: [fault], fal: ["ok"] });
    const outcome = await run();
    expect(attemptsOf(outcome)).toEqual([`vertex:${kind}`]);
    expect(outcome.images).toHaveLength(0);
    expect(outcome.failures[0]!.error.kind).toBe(kind);
    expect(scripted.fal!.calls).toHaveLength(0);
  });

  it("falls back on a content-policy refusal when the request asks for it", async () => {
    const { run } = setup({ vertex: [{ fail: "content_policy" }], fal: ["ok"] });
    const outcome = await run({}, { fallbackOnContentPolicy: true });
    expect(attemptsOf(outcome)).toEqual(["vertex:content_policy", "fal:ok"]);
  });

  it("reports every provider's failure when all fail", async () => {
    const { run } = setup({ vertex: [{ fail: "unavailable" }], fal: [{ fail: "timeout" }], replicate: [{ fail: "upstream" }] });
    const outcome = await run();
    expect(outcome.images).toHaveLength(0);
    expect(new Set(outcome.attempts.map((a) => a.provider))).toEqual(new Set(["vertex", "fal", "replicate"]));
  });

  it("a pinned provider never falls back", async () => {
    const { run } = setup({ vertex: [{ fail: "unavailable" }], fal: ["ok"] });
    const outcome = await run({ model: `vertex/${MODEL}` });
    expect(new Set(outcome.attempts.map((a) => a.provider))).toEqual(new Set(["vertex"]));
    expect(outcome.images).toHaveLength(0);
  });
});

describe("retries", () => {
  it("honours Retry-After before retrying", async () => {
    const { run } = setup({ vertex: [{ fail: "rate_limit", retryAfterMs: 300 }, "ok"] });
    const started = Date.now();
    const outcome = await run();
    expect(attemptsOf(outcome)).toEqual(["vertex:rate_limit", "vertex:ok"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("does not wait past the deadline: a long Retry-After falls back at once", async () => {
    const { run } = setup({ vertex: [{ fail: "rate_limit", retryAfterMs: 60_000 }], fal: ["ok"] });
    const outcome = await run({}, { deadlineMs: 5000 });
    expect(attemptsOf(outcome)).toEqual(["vertex:rate_limit", "fal:ok"]);
  });

  it("times out a slow provider and moves on", async () => {
    const { run } = setup({ vertex: [{ delayMs: 5000 }], fal: ["ok"] });
    const outcome = await run({}, { attemptTimeoutMs: 100 });
    expect(attemptsOf(outcome)).toEqual(["vertex:timeout", "vertex:timeout", "fal:ok"]);
  });
});

describe("policies", () => {
  it("priority keeps the configured order", () => {
    const { order } = setup({ vertex: ["ok"], fal: ["ok"], replicate: ["ok"] }, { routing: { order: { [MODEL]: ["replicate", "fal"] } } });
    expect(order()).toEqual(["replicate", "fal", "vertex"]);
  });

  it("cheapest sorts by catalog price for the tier, ties by catalog order", () => {
    const { order } = setup({ replicate: ["ok"], fal: ["ok"] }, { routing: { defaultPolicy: "cheapest" } });
    expect(order()).toEqual(["fal", "replicate"]);
    const flux = setup({ replicate: ["ok"], fal: ["ok"] }, { routing: { defaultPolicy: "cheapest" } });
    expect(flux.order({ model: "flux-schnell" })).toEqual(["fal", "replicate"]);
  });

  it("fastest sorts by p50 latency of recent successes", () => {
    const health = new HealthBook();
    const now = new Date();
    for (const latencyMs of [900, 1000, 1100]) health.record("fal", { status: "succeeded", latencyMs, startedAt: now });
    for (const latencyMs of [200, 250, 300]) health.record("replicate", { status: "succeeded", latencyMs, startedAt: now });
    const { order } = setup({ vertex: ["ok"], fal: ["ok"], replicate: ["ok"] }, { routing: { defaultPolicy: "fastest" }, health });
    expect(order()).toEqual(["replicate", "fal", "vertex"]);
  });

  it("per-request provider_order wins", () => {
    const { order } = setup({ vertex: ["ok"], fal: ["ok"], replicate: ["ok"] });
    expect(order({ provider_order: ["replicate", "vertex"] })).toEqual(["replicate", "vertex"]);
  });

  it("skips providers that cannot serve the tier (fast: 1K only on AIML API)", () => {
    const { order } = setup({ aimlapi: ["ok"], vertex: ["ok"] });
    expect(order({ resolution: "2K" })).toEqual(["vertex"]);
  });

  it("a seed request prefers providers that honour seeds", () => {
    const { order } = setup({ replicate: ["ok"], vertex: ["ok"] }, { routing: { order: { [MODEL]: ["replicate", "vertex"] } } });
    expect(order()).toEqual(["replicate", "vertex"]);
    expect(order({ seed: 5 })).toEqual(["vertex", "replicate"]);
  });
});

describe("circuit breaker", () => {
  it("opens after most recent calls fail, skips the provider, then lets one probe through after the cooldown", async () => {
    let now = Date.now();
    const health = new HealthBook({ window: 10, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 1000 }, () => now);
    const { run, scripted } = setup({ vertex: [{ fail: "invalid_request" }, { fail: "unavailable" }], fal: ["ok"] }, { health });
    for (const s of [0, 1, 2]) {
      health.record("vertex", { status: "failed", errorKind: "unavailable", latencyMs: 1, startedAt: new Date(now - 10 + s) });
    }
    expect(health.health("vertex").state).toBe("open");
    const skipped = await run({ provider_order: ["vertex", "fal"] });
    expect(attemptsOf(skipped)).toEqual(["fal:ok"]);
    expect(skipped.warnings.some((w) => w.message.includes("circuit open because"))).toBe(true);
    expect(scripted.vertex!.calls).toHaveLength(0);
    now += 2000;
    expect(health.health("vertex").state).toBe("half-open");
    const probe = await run({ provider_order: ["vertex", "fal"] });
    expect(attemptsOf(probe)[0]).toBe("vertex:invalid_request");
  });

  it("opens at once on a 401", () => {
    const health = new HealthBook();
    health.record("vertex", { status: "failed", errorKind: "auth", httpStatus: 401, latencyMs: 5, startedAt: new Date() });
    expect(health.health("vertex")).toMatchObject({ state: "open", reason: expect.stringContaining("credentials") });
  });

  it("closes again after a successful probe", () => {
    let now = Date.now();
    const health = new HealthBook({ window: 4, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 10 }, () => now);
    for (let i = 0; i < 3; i++) health.record("fal", { status: "failed", errorKind: "timeout", latencyMs: 1, startedAt: new Date(now) });
    now += 100;
    expect(health.admit("fal").admitted).toBe(true);
    expect(health.admit("fal").admitted).toBe(false);
    for (let i = 0; i < 4; i++) health.record("fal", { status: "succeeded", latencyMs: 1, startedAt: new Date(now) });
    expect(health.health("fal").state).toBe("closed");
  });

  it("is rebuilt from stored attempts", () => {
    const health = new HealthBook({ window: 10, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 60_000 });
    health.load([0, 1, 2].map((i) => ({ provider: "fal", providerModelId: "x", status: "failed" as const, errorKind: "unavailable" as const, latencyMs: 1, startedAt: new Date(Date.now() - i) })));
    expect(health.health("fal").state).toBe("open");
  });
});

describe("n emulation, partial success and concurrency", () => {
  it("returns the images that succeeded with a per-image error for the rest, charging only for them", async () => {
    const { run } = setup({ replicate: ["ok", { fail: "content_policy" }, "ok", "ok"] });
    const outcome = await run({ n: 4, model: `replicate/${MODEL}` });
    expect(outcome.images.map((i) => i.index).sort()).toHaveLength(3);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.error.kind).toBe("content_policy");
    expect(outcome.attempts.filter((a) => a.status === "succeeded").reduce((s, a) => s + a.costUsd, 0)).toBeCloseTo(0.12);
    expect(outcome.attempts.find((a) => a.status === "failed")!.costUsd).toBe(0);
  });

  it("limits concurrent calls per provider", async () => {
    const { run, scripted } = setup({ replicate: [{ delayMs: 50 }] }, { concurrency: 2 });
    const outcome = await run({ n: 6, model: `replicate/${MODEL}` });
    expect(outcome.images).toHaveLength(6);
    expect(scripted.replicate!.maxInFlight()).toBe(2);
  });

  it("splits n across parallel calls of the provider's maximum", async () => {
    const { run, scripted } = setup({ vertex: ["ok"] });
    const outcome = await run({ n: 10, seed: 100 });
    expect(scripted.vertex!.calls.map((c) => c.n)).toEqual([4, 4, 2]);
    expect(scripted.vertex!.calls.map((c) => c.seed).sort()).toEqual([100, 104, 108]);
    expect(outcome.images.map((i) => i.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

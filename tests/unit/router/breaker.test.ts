import { describe, expect, it } from "vitest";
import { normalizeRequest } from "@/lib/params/normalize";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { Bulkheads } from "@/lib/router/bulkheads";
import { chooseCandidates } from "@/lib/router/candidates";
import { HealthBook, type BreakerTransition } from "@/lib/router/health";
import { routeGeneration, type RouteSettings } from "@/lib/router/route";
import { scriptedProvider, type Step } from "./scripted-provider";

const MODEL = "imagen-4.0-generate-001";
const BREAKER = { window: 10, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 60_000 };

function setup(scripts: Record<string, Step[]>, health = new HealthBook(BREAKER)) {
  const scripted = Object.fromEntries(Object.entries(scripts).map(([id, script]) => [id, scriptedProvider(id, script)]));
  const providers = new Map(Object.entries(scripted).map(([id, s]) => [id, s.provider]));
  const registry: ProviderRegistry = { providers, simulator: "off", statuses: [], servesUnpinned: (p) => providers.has(p) };
  const settings: RouteSettings = {
    attemptTimeoutMs: 2000,
    deadlineMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5 },
    health,
    bulkheads: new Bulkheads(8, 100),
    fallbackOnContentPolicy: false,
  };
  const run = (body: Record<string, unknown> = {}, overrides: Partial<RouteSettings> = {}) => {
    const req = normalizeRequest({ prompt: "p", model: MODEL, ...body }, { defaultModel: MODEL, drawSeed: () => 1 });
    const routing = { defaultPolicy: "priority" as const, perModel: {}, order: {}, fallbackOnContentPolicy: false };
    return routeGeneration(req, chooseCandidates(req, registry, routing, health), registry, { ...settings, ...overrides });
  };
  return { run, scripted, health };
}

const failed = (kind: "unavailable" | "timeout", startedAt = new Date()) => ({ status: "failed" as const, errorKind: kind, latencyMs: 1, startedAt });
const ok = (startedAt = new Date()) => ({ status: "succeeded" as const, latencyMs: 1, startedAt });

describe("a caller's cancel is not the provider's fault", () => {
  it("records a cancelled call as cancelled, without retry, fallback or harm to health", async () => {
    const { run, health, scripted } = setup({ vertex: [{ delayMs: 5000 }], fal: ["ok"] });
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const outcome = await run({ provider_order: ["vertex", "fal"] }, { signal: controller.signal });
      expect(outcome.attempts.map((a) => [a.provider, a.status, a.errorKind])).toEqual([["vertex", "cancelled", "cancelled"]]);
      expect(outcome.cancelled).toBe(true);
    }
    expect(scripted.fal!.calls).toHaveLength(0);
    expect(health.health("vertex").state).toBe("closed");
    expect(health.admit(`vertex/${MODEL}`).admitted).toBe(true);
  });

  it("records a call stopped by the gateway's own deadline as cancelled", async () => {
    const { run, health } = setup({ vertex: [{ delayMs: 5000 }] });
    const outcome = await run({ provider_order: ["vertex"] }, { deadlineMs: 50 });
    expect(outcome.attempts.map((a) => a.status)).toEqual(["cancelled"]);
    expect(health.health("vertex").attempts).toBe(0);
  });

  it("still counts a provider's own timeout", async () => {
    const { run } = setup({ vertex: [{ delayMs: 5000 }] });
    const outcome = await run({ provider_order: ["vertex"] }, { attemptTimeoutMs: 30 });
    expect(outcome.attempts.map((a) => a.errorKind)).toEqual(["timeout", "timeout"]);
  });
});

describe("circuit states", () => {
  it("a successful half-open probe keeps the circuit closed", () => {
    let now = 1_000_000;
    const health = new HealthBook({ ...BREAKER, cooldownMs: 100 }, () => now);
    for (let i = 0; i < 3; i++) health.record("fal/m", failed("unavailable", new Date(now)));
    now += 200;
    expect(health.admit("fal/m").admitted).toBe(true);
    health.record("fal/m", ok(new Date(now)));
    // Before: the three old failures still dominated the window, and the next failure re-opened it.
    health.record("fal/m", failed("unavailable", new Date(now)));
    expect(health.health("fal/m")).toMatchObject({ state: "closed", attempts: 2, failureRatio: 0.5 });
  });

  it("takes the failure ratio over attempts since the circuit last closed", () => {
    let now = 1_000_000;
    const health = new HealthBook({ ...BREAKER, cooldownMs: 100 }, () => now);
    for (let i = 0; i < 3; i++) health.record("fal/m", failed("timeout", new Date(now)));
    now += 200;
    health.admit("fal/m");
    health.record("fal/m", ok(new Date(now)));
    health.record("fal/m", ok(new Date(now)));
    health.record("fal/m", failed("timeout", new Date(now)));
    health.record("fal/m", failed("timeout", new Date(now)));
    expect(health.health("fal/m").state).toBe("open");
  });

  it("tracks health per endpoint: one endpoint's outage does not bench the provider's other models", () => {
    const health = new HealthBook(BREAKER);
    for (let i = 0; i < 3; i++) health.recordAttempt({ provider: "fal", providerModelId: "fal-ai/a" }, failed("unavailable"));
    expect(health.admit("fal/fal-ai/a").admitted).toBe(false);
    expect(health.admit("fal/fal-ai/b").admitted).toBe(true);
  });

  it("rejected credentials bench every endpoint of the provider", () => {
    const health = new HealthBook(BREAKER);
    health.recordAttempt({ provider: "fal", providerModelId: "a" }, { status: "failed", errorKind: "auth", httpStatus: 401, latencyMs: 1, startedAt: new Date() });
    expect(health.admit("fal/b").admitted).toBe(false);
  });

  it("reports each transition", () => {
    let now = 1_000_000;
    const transitions: BreakerTransition[] = [];
    const health = new HealthBook({ ...BREAKER, cooldownMs: 100 }, () => now, (t) => transitions.push(t));
    for (let i = 0; i < 3; i++) health.record("fal/m", failed("unavailable", new Date(now)));
    now += 200;
    health.admit("fal/m");
    health.record("fal/m", ok(new Date(now)));
    expect(transitions.map((t) => [t.key, t.from, t.to])).toEqual([["fal/m", "closed", "open"], ["fal/m", "half-open", "closed"]]);
  });
});

describe("an open circuit", () => {
  it("tells the caller how long the cooldown still runs", async () => {
    const { run, health } = setup({ vertex: ["ok"] });
    for (let i = 0; i < 3; i++) health.record(`vertex/${MODEL}`, failed("unavailable"));
    const outcome = await run({ provider_order: ["vertex"] });
    expect(outcome.attempts).toHaveLength(0);
    const error = outcome.failures[0]!.error;
    expect(error.kind).toBe("unavailable");
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_001);
  });

  it("is waited out by a background job within its deadline", async () => {
    const health = new HealthBook({ ...BREAKER, cooldownMs: 150 });
    const { run } = setup({ vertex: ["ok"] }, health);
    for (let i = 0; i < 3; i++) health.record(`vertex/${MODEL}`, failed("unavailable"));
    // A roomy call timeout: on a loaded CI machine a stalled event loop must not turn the probe into a timeout.
    const outcome = await run({ provider_order: ["vertex"] }, { waitOutCooldown: true, attemptTimeoutMs: 8000 });
    // A failing run says why: which attempts were made and what each failure was.
    expect({ failures: outcome.failures.map((f) => f.error.message), attempts: outcome.attempts.map((a) => [a.status, a.errorKind, a.latencyMs]) }).toMatchObject({ failures: [] });
    expect(outcome.images).toHaveLength(1);
    expect(health.health(`vertex/${MODEL}`).state).toBe("closed");
  });
});

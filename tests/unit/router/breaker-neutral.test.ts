import { describe, expect, it } from "vitest";
import { normalizeRequest } from "@/lib/params/normalize";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { Bulkheads } from "@/lib/router/bulkheads";
import { chooseCandidates } from "@/lib/router/candidates";
import { HealthBook, type BreakerTransition } from "@/lib/router/health";
import { routeGeneration, type RouteSettings } from "@/lib/router/route";
import { scriptedProvider, type Step } from "./scripted-provider";

// What a load generator does at saturation: it gives up on requests (client timeouts) while others are
// queued in the gateway. None of that may ever open the circuit of a provider that answers every call.

const MODEL = "imagen-4.0-generate-001";
const BREAKER = { window: 10, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 60_000 };

function setup(script: Step[], bulkheads = new Bulkheads(8, 100)) {
  const transitions: BreakerTransition[] = [];
  const health = new HealthBook(BREAKER, Date.now, (t) => transitions.push(t));
  const vertex = scriptedProvider("vertex", script);
  const providers = new Map([["vertex", vertex.provider]]);
  const registry: ProviderRegistry = { providers, simulator: "off", statuses: [], servesUnpinned: (p) => providers.has(p) };
  const settings: RouteSettings = { attemptTimeoutMs: 2000, deadlineMs: 10_000, retry: { baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5 }, health, bulkheads, fallbackOnContentPolicy: false };
  const run = (overrides: Partial<RouteSettings> = {}) => {
    const req = normalizeRequest({ prompt: "p", model: `vertex/${MODEL}` }, { defaultModel: MODEL, drawSeed: () => 1 });
    const routing = { defaultPolicy: "priority" as const, perModel: {}, order: {}, fallbackOnContentPolicy: false };
    return routeGeneration(req, chooseCandidates(req, registry, routing, health), registry, { ...settings, ...overrides });
  };
  const aborted = (afterMs: number) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("client timeout")), afterMs);
    return controller.signal;
  };
  return { run, health, transitions, vertex, aborted };
}

describe("caller aborts never open the circuit", () => {
  it("20 concurrent callers that all hang up mid-call leave it closed, and the next call goes through", async () => {
    const { run, health, transitions, aborted } = setup([{ delayMs: 200 }]);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => run({ signal: aborted(10 + i) })));
    expect(outcomes.flatMap((o) => o.attempts.map((a) => [a.status, a.errorKind]))).toEqual(Array.from({ length: 20 }, () => ["cancelled", "cancelled"]));
    expect(transitions).toEqual([]);
    expect(health.health(`vertex/${MODEL}`)).toMatchObject({ state: "closed", attempts: 0 });
    expect((await run()).images).toHaveLength(1);
  });

  it("callers that hang up while queued behind the provider's concurrency limit are neutral too", async () => {
    const { run, health, transitions, aborted } = setup([{ delayMs: 150 }], new Bulkheads(2, 100));
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => run({ signal: aborted(40) })));
    expect(outcomes.every((o) => o.cancelled)).toBe(true);
    expect(transitions).toEqual([]);
    expect(health.admit(`vertex/${MODEL}`).admitted).toBe(true);
  });

  it("a full gateway queue is recorded, but never counted against the provider", async () => {
    const { run, health, transitions } = setup([{ delayMs: 100 }], new Bulkheads(1, 2));
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => run({ retry: { baseDelayMs: 1, maxDelayMs: 1, random: () => 0.5 } })));
    const failed = outcomes.flatMap((o) => o.attempts).filter((a) => a.status === "failed");
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.every((a) => a.errorKind === "unavailable" && /DARKROOM_PROVIDER_CONCURRENCY/.test(a.errorMessage!))).toBe(true);
    expect(transitions).toEqual([]);
    expect(health.health(`vertex/${MODEL}`)).toMatchObject({ state: "closed", attempts: 3 });
  });

  it("time spent queued is not the provider's: its own timeout runs from when the call reaches it", async () => {
    const { run, transitions } = setup([{ delayMs: 100 }], new Bulkheads(1, 10));
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => run({ attemptTimeoutMs: 150 })));
    expect(outcomes.map((o) => o.attempts.map((a) => a.status))).toEqual(Array.from({ length: 5 }, () => ["succeeded"]));
    expect(transitions).toEqual([]);
  });

  it("while the provider's own failures still open it", async () => {
    const { run, transitions } = setup([{ fail: "unavailable", status: 503 }]);
    for (let i = 0; i < 3; i++) await run();
    expect(transitions.map((t) => t.to)).toEqual(["open"]);
  });
});

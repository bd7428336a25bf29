import { describe, expect, it } from "vitest";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { normalizeRequest } from "@/lib/params/normalize";
import { Bulkheads } from "@/lib/router/bulkheads";
import { chooseCandidates } from "@/lib/router/candidates";
import { HealthBook } from "@/lib/router/health";
import { routeGeneration } from "@/lib/router/route";
import { scriptedProvider } from "../unit/router/scripted-provider";

// What streaming rests on: with an emulated n, each call's images are handed over when that call is done.
describe("routeGeneration onImages", () => {
  it("hands over the fastest call's image before the slowest call answers", async () => {
    const model = "imagen-4.0-generate-001";
    const scripted = scriptedProvider("replicate", [{ delayMs: 50 }, { delayMs: 100 }, { delayMs: 150 }, { delayMs: 400 }]);
    const registry: ProviderRegistry = { providers: new Map([["replicate", scripted.provider]]), simulator: "off", statuses: [], servesUnpinned: () => true };
    const health = new HealthBook({ window: 10, minimumAttempts: 3, failureRatio: 0.5, cooldownMs: 60_000 });
    const req = normalizeRequest({ prompt: "p", model: `replicate/${model}`, n: 4 }, { defaultModel: model, drawSeed: () => 1 });
    const routing = { defaultPolicy: "priority" as const, perModel: {}, order: {}, fallbackOnContentPolicy: false };
    const started = Date.now();
    const handed: { at: number; indexes: number[] }[] = [];
    const outcome = await routeGeneration(req, chooseCandidates(req, registry, routing, health), registry, {
      attemptTimeoutMs: 2000,
      deadlineMs: 10_000,
      retry: { baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5 },
      health,
      bulkheads: new Bulkheads(8, 100),
      fallbackOnContentPolicy: false,
      onImages: (images) => handed.push({ at: Date.now() - started, indexes: images.map((i) => i.index) }),
    });
    expect(outcome.images).toHaveLength(4);
    expect(handed).toHaveLength(4);
    expect(handed[0]!.indexes).toEqual([0]);
    expect(handed[0]!.at).toBeLessThan(300);
    expect(handed.flatMap((h) => h.indexes).sort()).toEqual([0, 1, 2, 3]);
  });
});

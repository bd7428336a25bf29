import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { totalCost } from "@/lib/generation/attempt";
import { attemptCost, estimateCost } from "@/lib/router/cost";

const offer = findModel("imagen-4.0-generate-001")!.providers.find((o) => o.provider === "vertex")!;
const query = { tier: offer.tiers[0]!, aspectRatio: offer.aspectRatios[0]! };

describe("cost rounding", () => {
  it("sums attempt costs to a millionth of a dollar, without float dust", () => {
    expect(totalCost([{ costUsd: 0.1 }, { costUsd: 0.2 }])).toBe(0.3);
    expect(totalCost([{ costUsd: 0.04 }, { costUsd: 0.04 }, { costUsd: 0.04 }])).toBe(0.12);
    expect(totalCost([])).toBe(0);
  });

  it("always has at most six decimals", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 20 }), (costs) => {
        const total = totalCost(costs.map((costUsd) => ({ costUsd })));
        expect(Math.abs(total * 1e6 - Math.round(total * 1e6))).toBeLessThan(1e-6);
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it("charges nothing for an attempt without images, and the catalog price per image otherwise", () => {
    expect(attemptCost(offer, query, 0)).toBe(0);
    expect(attemptCost(offer, query, 3)).toBe(estimateCost(offer, query, 3));
    expect(estimateCost(offer, query, 3)).toBeCloseTo(3 * (offer.price.perImage[query.tier] ?? 0), 6);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawPair, pairKey, pairWeight, type MatchState } from "@/lib/arena/matchmaking";

const state = (ratings: Record<string, number>, meetings: Record<string, number> = {}): MatchState => ({
  rating: (c) => ratings[c],
  meetings: (a, b) => meetings[pairKey(a, b)] ?? 0,
});

describe("matchmaking", () => {
  it("prefers pairs that met less and pairs with close ratings", () => {
    const s = state({ a: 1000, b: 1010, c: 1400 }, { [pairKey("a", "b")]: 9 });
    expect(pairWeight("a", "b", s)).toBeCloseTo(Math.exp(-10 / 200) / 10, 6);
    expect(pairWeight("b", "c", state({ b: 1000, c: 1010 }))).toBeGreaterThan(pairWeight("b", "c", state({ b: 1000, c: 1400 })));
  });

  it("draws an unplayed close pair far more often than a played, distant one", () => {
    const s = state({ a: 1000, b: 1005, c: 1600 }, { [pairKey("a", "c")]: 20, [pairKey("b", "c")]: 20 });
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const key = pairKey(...drawPair(["a", "b", "c"], s, random));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.get(pairKey("a", "b"))!).toBeGreaterThan(1900);
  });

  it("always returns two different contestants of the roster", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 10 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (roster, u) => {
        const [a, b] = drawPair(roster, state({}), () => u);
        expect(a).not.toBe(b);
        expect(roster).toContain(a);
        expect(roster).toContain(b);
      }),
    );
  });
});

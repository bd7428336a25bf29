import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/json/canonical";

const shuffleKeys = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed));
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.keys(value);
  const rotated = keys.map((_, i) => keys[(i + seed) % keys.length]!).reverse();
  return Object.fromEntries(rotated.map((k) => [k, shuffleKeys((value as Record<string, unknown>)[k], seed + 1)]));
};

describe("canonicalJson", () => {
  it("is the same for the same body with its keys in any order", () => {
    expect(canonicalJson({ prompt: "p", model: "m", extra: { b: 1, a: [{ y: 1, x: 2 }] } })).toBe(canonicalJson({ extra: { a: [{ x: 2, y: 1 }], b: 1 }, model: "m", prompt: "p" }));
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(10), (value, seed) => {
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it("still tells different bodies apart", () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

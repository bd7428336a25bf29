import { describe, expect, it } from "vitest";
import { rank, standings, type RatedBattle, type Standing, type Winner } from "@/lib/arena/ratings";

const repeat = (left: string, right: string, winner: Winner, times: number): RatedBattle[] =>
  Array.from({ length: times }, () => ({ left, right, winner }));

/** mulberry32, so the synthetic boards are the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const byName = (rows: Standing[]) => new Map(rows.map((r) => [r.contestant, r]));

describe("Bradley–Terry fit, hand-checked", () => {
  it("two contestants, 3 wins to 1: the strength ratio is 3, the interval from 1/(n·π·(1−π))", () => {
    const rows = byName(standings([...repeat("a", "b", "left", 3), ...repeat("a", "b", "right", 1)], { prior: 0 }));
    const diff = 400 * Math.log10(3); // 190.85
    expect(rows.get("a")!.rating).toBeCloseTo(1000 + diff / 2, 6);
    expect(rows.get("b")!.rating).toBeCloseTo(1000 - diff / 2, 6);
    // Var(θa − θb) = 1 / (4 · 3/4 · 1/4) = 4/3; each centred θ is half the difference: Var = 1/3.
    const half = 1.959964 * Math.sqrt(1 / 3) * (400 / Math.LN10);
    expect(rows.get("a")!.ciHigh - rows.get("a")!.rating).toBeCloseTo(half, 3);
  });

  it("three contestants whose counts are exactly the expectations of strengths 1 : 2 : 4", () => {
    // P(b beats a) = 2/3, P(c beats b) = 2/3, P(c beats a) = 4/5: the score equations hold at 1 : 2 : 4.
    const battles = [
      ...repeat("a", "b", "left", 1),
      ...repeat("a", "b", "right", 2),
      ...repeat("b", "c", "left", 1),
      ...repeat("b", "c", "right", 2),
      ...repeat("a", "c", "left", 1),
      ...repeat("a", "c", "right", 4),
    ];
    const rows = byName(standings(battles, { prior: 0 }));
    // g = (1·2·4)^(1/3) = 2, so the ratings are 1000 + 400·log10(p/2).
    expect(rows.get("a")!.rating).toBeCloseTo(879.588, 2);
    expect(rows.get("b")!.rating).toBeCloseTo(1000, 6);
    expect(rows.get("c")!.rating).toBeCloseTo(1120.412, 2);
    expect(rows.get("c")!).toMatchObject({ wins: 6, losses: 2, ties: 0, battles: 8 });
  });

  it("a tie and a both-bad are half a win each: a tie-only pair rates equal", () => {
    const rows = standings([...repeat("a", "b", "tie", 3), ...repeat("a", "b", "both_bad", 3)], { prior: 0 });
    expect(rows[0]!.rating).toBeCloseTo(1000, 6);
    expect(rows[1]!.rating).toBeCloseTo(1000, 6);
    expect(rows[0]).toMatchObject({ ties: 6, wins: 0, losses: 0, winRate: 0.5 });
  });

  it("the board's mean rating is 1000 and an undefeated contestant stays finite", () => {
    const rows = standings([...repeat("a", "b", "left", 10), ...repeat("b", "c", "left", 5)]);
    expect(rows.reduce((s, r) => s + r.rating, 0) / rows.length).toBeCloseTo(1000, 6);
    for (const r of rows) expect(Number.isFinite(r.rating) && Number.isFinite(r.ciLow)).toBe(true);
    expect(rows.map((r) => r.contestant)).toEqual(["a", "b", "c"]);
  });
});

function synthetic(strengths: number[], battles: number, seed: number): RatedBattle[] {
  const rand = prng(seed);
  const out: RatedBattle[] = [];
  for (let k = 0; k < battles; k++) {
    const i = Math.floor(rand() * strengths.length);
    let j = Math.floor(rand() * (strengths.length - 1));
    if (j >= i) j++;
    const p = strengths[i]! / (strengths[i]! + strengths[j]!);
    const u = rand();
    // Some ties, drawn so that the expected score (a tie is half a win) is still exactly p.
    const tie = 0.2 * Math.min(p, 1 - p);
    const winner: Winner = u < tie ? "tie" : u < p + tie / 2 ? "left" : "right";
    out.push({ left: `m${i}`, right: `m${j}`, winner });
  }
  return out;
}

const trueRatings = (strengths: number[]) => {
  const g = Math.exp(strengths.reduce((s, p) => s + Math.log(p), 0) / strengths.length);
  return strengths.map((p) => 1000 + 400 * Math.log10(p / g));
};

describe("Bradley–Terry fit, synthetic boards from known strengths", () => {
  it("recovers eight known strengths within their intervals", () => {
    const strengths = [0.3, 0.6, 1, 1.4, 2, 3, 5, 8];
    const truth = trueRatings(strengths);
    const rows = byName(standings(synthetic(strengths, 20_000, 7)));
    truth.forEach((t, i) => {
      const row = rows.get(`m${i}`)!;
      expect(row.ciLow).toBeLessThanOrEqual(t);
      expect(row.ciHigh).toBeGreaterThanOrEqual(t);
      expect(row.ciHigh - row.ciLow).toBeLessThan(40);
    });
  });

  it("its 95 % intervals cover the truth about 95 % of the time", () => {
    const strengths = [0.5, 1, 2, 4];
    const truth = trueRatings(strengths);
    let covered = 0;
    let total = 0;
    for (let run = 0; run < 200; run++) {
      const rows = byName(standings(synthetic(strengths, 400, 1000 + run), { prior: 0 }));
      truth.forEach((t, i) => {
        const row = rows.get(`m${i}`)!;
        total++;
        if (row.ciLow <= t && t <= row.ciHigh) covered++;
      });
    }
    expect(covered / total).toBeGreaterThan(0.91);
    expect(covered / total).toBeLessThan(0.99);
  });
});

describe("intervals against the ranked contestants", () => {
  it("a newcomer with one battle leaves the established intervals (and ranks) as they were", () => {
    const strengths = [0.5, 1, 2, 4];
    const board = synthetic(strengths, 400, 42);
    const before = byName(standings(board));
    const after = byName(standings([...board, { left: "new", right: "m0", winner: "right" }, { left: "newer", right: "m3", winner: "left" }]));
    for (let i = 0; i < strengths.length; i++) {
      const [b, a] = [before.get(`m${i}`)!, after.get(`m${i}`)!];
      expect(a.ciHigh - a.ciLow).toBeLessThan((b.ciHigh - b.ciLow) * 1.05);
      expect(a.rank).toBe(b.rank);
    }
    // The newcomers are placed loosely, and the mean over everyone is still 1000.
    expect(after.get("new")!.ciHigh - after.get("new")!.ciLow).toBeGreaterThan(400);
    const all = [...after.values()];
    expect(all.reduce((s, r) => s + r.rating, 0) / all.length).toBeCloseTo(1000, 6);
  });
});

const row = (contestant: string, rating: number, half: number, battles = 10): Standing => ({
  contestant,
  rating,
  ciLow: rating - half,
  ciHigh: rating + half,
  wins: 0,
  losses: 0,
  ties: 0,
  battles,
  winRate: 0,
  rank: null,
  preliminary: battles < 4,
});

describe("ranks and the preliminary threshold", () => {
  it("overlapping intervals share a rank; a separated one ranks below every contestant surely above it", () => {
    const ranked = rank([row("c", 1000, 30), row("a", 1100, 30), row("b", 1080, 30), row("d", 900, 30)]);
    expect(ranked.map((r) => [r.contestant, r.rank])).toEqual([
      ["a", 1],
      ["b", 1],
      ["c", 3],
      ["d", 4],
    ]);
  });

  it("fewer than 4 battles is preliminary: listed after the ranked ones, without a rank", () => {
    const ranked = rank([row("new", 1300, 200, 3), row("old", 1000, 20, 4)]);
    expect(ranked.map((r) => [r.contestant, r.rank, r.preliminary])).toEqual([
      ["old", 1, false],
      ["new", null, true],
    ]);
  });

  it("counts battles per contestant against the threshold", () => {
    const rows = byName(standings([...repeat("a", "b", "left", 3), ...repeat("a", "c", "left", 1)]));
    expect(rows.get("a")!.preliminary).toBe(false);
    expect(rows.get("b")!.preliminary).toBe(true);
    expect(rows.get("c")!.preliminary).toBe(true);
  });
});

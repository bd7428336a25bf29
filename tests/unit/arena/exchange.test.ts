import { beforeEach, describe, expect, it, vi } from "vitest";

const saved: unknown[] = [];
vi.mock("@/lib/arena/store", () => ({
  insertBattles: vi.fn(async (battles: unknown[]) => void saved.push(...battles)),
  votedBattles: vi.fn(async () => [
    { leftContestant: "fal/flux-dev", rightContestant: "flux-dev", winner: "both_bad", votedAt: new Date(1_700_000_000_500), category: null },
    { leftContestant: "a", rightContestant: "b", winner: "right", votedAt: new Date(1_700_000_001_000), category: "typography" },
  ]),
}));
vi.mock("@/lib/arena/leaderboard", () => ({ invalidateBoards: vi.fn() }));

const { exportBattles, importBattles } = await import("@/lib/arena/exchange");

beforeEach(() => void saved.splice(0));

describe("LMArena battle format", () => {
  it("imports each winner form and splits pinned contestants into model and provider", async () => {
    const text = [
      { model_a: "fal/flux-dev", model_b: "replicate/flux-dev", winner: "model_a", tstamp: 1_700_000_000, category: "x" },
      { model_a: "m1", model_b: "m2", winner: "model_b" },
      { model_a: "m1", model_b: "m2", winner: "tie" },
      { model_a: "m1", model_b: "m2", winner: "tie (bothbad)" },
    ]
      .map((l) => JSON.stringify(l))
      .join("\r\n");
    const result = await importBattles(`${text}\n\n`);
    expect(result).toEqual({ imported: 4, refused: [] });
    expect(saved.map((b) => (b as { winner: string }).winner)).toEqual(["left", "right", "tie", "both_bad"]);
    expect(saved[0]).toMatchObject({ leftModel: "flux-dev", leftProvider: "fal", rightProvider: "replicate", category: "x", status: "voted", imported: true });
    expect((saved[0] as { votedAt: Date }).votedAt.getTime()).toBe(1_700_000_000_000);
  });

  it("refuses bad lines, saying which and why, and keeps the good ones", async () => {
    const result = await importBattles(['{"model_a":"a","model_b":"b","winner":"model_a"}', "{oops", '{"model_a":"a","model_b":"a","winner":"tie"}', '{"model_a":"a","winner":"tie"}', "[1]"].join("\n"));
    expect(result.imported).toBe(1);
    expect(result.refused).toEqual([
      { line: 2, reason: "not valid JSON" },
      { line: 3, reason: "model_a and model_b are the same" },
      { line: 4, reason: expect.stringContaining("model_b") },
      { line: 5, reason: expect.any(String) },
    ]);
  });

  it("exports in the same format, with seconds as tstamp", async () => {
    const rows = [];
    for await (const row of exportBattles()) rows.push(row);
    expect(rows).toEqual([
      { model_a: "fal/flux-dev", model_b: "flux-dev", winner: "tie (bothbad)", tstamp: 1_700_000_000.5, category: null },
      { model_a: "a", model_b: "b", winner: "model_b", tstamp: 1_700_000_001, category: "typography" },
    ]);
  });
});

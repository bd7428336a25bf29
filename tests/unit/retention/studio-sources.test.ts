import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { createBattle } from "@/lib/arena/battles";
import { createComparison, runTarget } from "@/lib/services/compare";
import { generate } from "@/lib/services/generate";
import { sweepRetention } from "@/lib/services/retention";
import { useInProcessApp } from "../../helpers/in-process";

// The server's per-source defaults for the studio's own surfaces: playground, compare and arena.
// DARKROOM_RETENTION_API_DAYS is unset: API generations are kept for good.

const prisma = useInProcessApp({
  DARKROOM_RETENTION_PLAYGROUND_DAYS: "2",
  DARKROOM_RETENTION_COMPARE_DAYS: "5",
  DARKROOM_RETENTION_ARENA_DAYS: "0",
  DARKROOM_UNSTORED_URL_TTL: "60",
});

const body = (prompt: string, seed: number) => ({ model: "local/flux-dev", prompt, seed, response_format: "url" });
const later = (ms: number) => new Date(Date.now() + ms);
const DAY = 86_400_000;

/** What a generation still holds: its prompt and how many image rows (bytes) it has. */
const held = async (id: string) => {
  const row = await prisma().generation.findUniqueOrThrow({ where: { id }, include: { images: true, attempts: true } });
  return { prompt: row.prompt, images: row.images.length, attempts: row.attempts.length, costUsd: row.costUsd };
};

describe("per-source retention defaults for the playground, compare and the arena", () => {
  it("purges each source's payloads after its own days (0 = the unstored URL TTL) and keeps their metadata", async () => {
    const playground = (await generate({ body: body("a playground lighthouse", 61), source: "playground" })).generation.id;
    const comparison = await createComparison({ prompt: "a compared lighthouse", negativePrompt: "", seed: 62, aspectRatio: "1:1", resolution: "1K" }, ["local/flux-dev", "local/gpt-image-1"]);
    const cell = await runTarget({ comparisonId: comparison.id, target: "local/flux-dev" });
    const compare = cell.generationId!;
    await createBattle({ prompt: "an arena lighthouse", contestants: ["local/flux-dev", "local/gpt-image-1"], seed: 63 });
    const arena = (await prisma().generation.findMany({ where: { source: "arena" }, select: { id: true } })).map((g) => g.id);
    expect(arena).toHaveLength(2);
    const api = await POST(new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body("an api lighthouse", 64)) }), { params: Promise.resolve({}) });
    const apiId = ((await api.json()) as { darkroom: { id: string } }).darkroom.id;
    const before = await held(playground);
    expect(before).toMatchObject({ prompt: "a playground lighthouse", images: 1 });

    // 0 days is "not stored": the first sweep takes the arena's prompts (here and in its battle), the bytes
    // stay for the unstored TTL; past it they go too.
    const first = await sweepRetention({ now: later(30_000) });
    expect(first).toMatchObject({ promptsCleared: 2, purged: 0 });
    for (const id of arena) expect(await held(id)).toMatchObject({ prompt: "", images: 1 });
    expect((await prisma().arenaBattle.findFirstOrThrow()).prompt).toBe("");
    expect(await held(playground)).toMatchObject({ prompt: "a playground lighthouse" });
    expect((await sweepRetention({ now: later(61_000) })).purged).toBe(2);
    for (const id of arena) expect(await held(id)).toMatchObject({ prompt: "", images: 0, attempts: 1 });
    // The battle forgets the typed prompt too, and keeps its contestants.
    expect(await prisma().arenaBattle.findMany({ select: { prompt: true, leftModel: true } })).toEqual([{ prompt: "", leftModel: expect.any(String) }]);
    expect(await held(playground)).toMatchObject({ images: 1 });

    expect((await sweepRetention({ now: later(1.9 * DAY) })).purged).toBe(0);
    expect((await sweepRetention({ now: later(2.1 * DAY) })).purged).toBe(1);
    expect(await held(playground)).toEqual({ ...before, prompt: "", images: 0 });
    expect(await held(compare)).toMatchObject({ prompt: "a compared lighthouse", images: 1 });

    expect((await sweepRetention({ now: later(5.1 * DAY) })).purged).toBe(1);
    expect(await held(compare)).toMatchObject({ prompt: "", images: 0, attempts: 1 });

    // No API default: kept however late the sweep runs.
    expect((await sweepRetention({ now: later(3650 * DAY) })).purged).toBe(0);
    expect(await held(apiId)).toMatchObject({ prompt: "an api lighthouse", images: 1 });
  });
});

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";

let app: RunningApp;

const post = (path: string, body: unknown, type = "application/json") =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { "content-type": type }, body: typeof body === "string" ? body : JSON.stringify(body) });
const json = async (response: Response) => (await response.json()) as Record<string, any>;

beforeAll(async () => {
  app = await startApp({ DARKROOM_SIMULATOR: "on", DARKROOM_SIMULATOR_FAILURE_RATE: "flux-schnell=1", DARKROOM_BREAKER_COOLDOWN_MS: "0" });
});

afterAll(async () => {
  await app?.dispose();
});

describe("arena battles", () => {
  it("answers 201 with two images and nothing that names a contestant, then reveals them with the vote", async () => {
    const response = await post("/v1/arena/battles", { prompt: 'a sign that says "HELLO"', contestants: ["flux-dev", "local/imagen-4.0-generate-001"], seed: 7, category: "typography" });
    expect(response.status).toBe(201);
    const battle = await json(response);
    const text = JSON.stringify(battle);
    for (const secret of ["flux", "imagen", "local", "simulator"]) expect(text.toLowerCase()).not.toContain(secret);
    expect(battle).toMatchObject({ prompt: 'a sign that says "HELLO"', category: "typography" });
    for (const side of ["left", "right"]) {
      const image = await fetch(battle[side].image_url);
      expect(image.status).toBe(200);
      expect([...image.headers.keys()].some((h) => h.startsWith("x-darkroom-") && h !== "x-darkroom-request-id")).toBe(false);
      const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
      expect(meta.exif ?? meta.xmp ?? meta.comments).toBeUndefined();
    }

    const vote = await post(`/v1/arena/battles/${battle.id}/vote`, { winner: "left" });
    expect(vote.status).toBe(200);
    const reveal = await json(vote);
    expect([reveal.left.contestant, reveal.right.contestant].sort()).toEqual(["flux-dev", "local/imagen-4.0-generate-001"]);
    expect(reveal.left.provider).toBe("local");
    expect(typeof reveal.right.latency_ms).toBe("number");

    expect((await post(`/v1/arena/battles/${battle.id}/vote`, { winner: "tie" })).status).toBe(409);
    expect((await post("/v1/arena/battles/bat_00000000000000000000000000/vote", { winner: "tie" })).status).toBe(404);
    const bad = await post(`/v1/arena/battles/${battle.id}/vote`, { winner: "left_ish" });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ type: "invalid_request_error", param: "winner" });

    const gallery = await json(await fetch(`${app.url}/v1/generations?limit=5`));
    expect(gallery.data.length).toBeGreaterThanOrEqual(2);
  });

  it("records a contestant that fails and draws the battle again without it", async () => {
    const failedSchnell = async () =>
      (await json(await fetch(`${app.url}/v1/generations?limit=100`))).data.some((g: Record<string, string>) => g.model === "flux-schnell" && g.source === "arena" && g.status === "failed");
    // Failed battles are never voted, so pairs with flux-schnell stay "unplayed" and are drawn again soon.
    for (let i = 0; i < 10 && !(await failedSchnell()); i++) {
      const response = await post("/v1/arena/battles", { roster: ["flux-schnell", "flux-dev", "gpt-image-1"], prompt: "a red fox" });
      expect(response.status).toBe(201);
      const battle = await json(response);
      const reveal = await json(await post(`/v1/arena/battles/${battle.id}/vote`, { winner: "right" }));
      expect([reveal.left.contestant, reveal.right.contestant].sort()).toEqual(["flux-dev", "gpt-image-1"]);
    }
    expect(await failedSchnell()).toBe(true);
    const fixed = await post("/v1/arena/battles", { contestants: ["flux-schnell", "flux-dev"], prompt: "a red fox" });
    expect(fixed.status).toBe(502);
    expect((await json(fixed)).error.code).toBe("arena_generation_failed");
  });

  it("refuses bad input with a 400 naming the parameter", async () => {
    const same = await post("/v1/arena/battles", { contestants: ["flux-dev", "flux-dev"] });
    expect(same.status).toBe(400);
    const unknown = await post("/v1/arena/battles", { contestants: ["flux-dev", "no-such-model"] });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.param).toBe("contestants");
    expect((await fetch(`${app.url}/v1/arena/leaderboard?board=bogus`)).status).toBe(400);
  });
});

describe("arena import, export and boards", () => {
  it("imports LMArena battles, refusing bad lines with reasons, and rates them on every board", async () => {
    const lines = [
      ...Array.from({ length: 6 }, () => ({ model_a: "fal/flux-dev", model_b: "replicate/flux-dev", winner: "model_a", tstamp: 1_700_000_000, category: "photorealism" })),
      ...Array.from({ length: 2 }, () => ({ model_a: "fal/flux-dev", model_b: "replicate/flux-dev", winner: "tie (bothbad)", tstamp: 1_700_000_100, category: "photorealism" })),
      { model_a: "fal/flux-dev", model_b: "replicate/flux-dev", winner: "model_b", tstamp: 1_700_000_200, category: "photorealism" },
    ];
    const body = [...lines.map((l) => JSON.stringify(l)), "not json", JSON.stringify({ model_a: "x", model_b: "x", winner: "tie" }), JSON.stringify({ model_a: "x", model_b: "y", winner: "draw" })].join("\n");
    const response = await post("/v1/arena/battles/import", body, "application/x-ndjson");
    expect(response.status).toBe(201);
    const result = await json(response);
    expect(result.imported).toBe(9);
    expect(result.refused.map((r: { line: number }) => r.line)).toEqual([10, 11, 12]);
    expect(result.refused[2].reason).toContain("winner");

    const providers = await json(await fetch(`${app.url}/v1/arena/leaderboard?board=providers:flux-dev`));
    expect(providers.data.map((r: { contestant: string }) => r.contestant)).toEqual(["fal", "replicate"]);
    expect(providers.data[0]).toMatchObject({ wins: 6, losses: 1, ties: 2, battles: 9, rank: 1, preliminary: false });
    expect(providers.data[0].ci_low).toBeLessThan(providers.data[0].rating);
    const category = await json(await fetch(`${app.url}/v1/arena/leaderboard?board=category:photorealism`));
    expect(category.battles).toBe(9);
    expect((await post("/v1/arena/battles/import", "{}", "application/json")).status).toBe(415);
  });

  it("resolves arena:<board> to the board's ranked leader, and says why", async () => {
    const lines = Array.from({ length: 8 }, (_, i) => JSON.stringify({ model_a: "gpt-image-1", model_b: "flux-dev", winner: i < 6 ? "model_b" : "model_a", category: "typography" }));
    expect((await json(await post("/v1/arena/battles/import", lines.join("\n"), "text/plain"))).imported).toBe(8);
    const response = await post("/v1/images/generations", { model: "arena:category:typography", prompt: 'a sign that says "OPEN"' });
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result.darkroom.model).toBe("flux-dev");
    expect(result.darkroom.warnings.find((w: { param?: string }) => w.param === "model").message).toContain("leader of the arena board category:typography");
    const empty = await post("/v1/images/generations", { model: "arena:category:nothing-voted", prompt: "x" });
    expect(empty.status).toBe(404);
    expect((await json(empty)).error.code).toBe("arena_board_empty");
  });

  it("exports every voted battle as JSON Lines in the same format", async () => {
    const response = await fetch(`${app.url}/v1/arena/battles/export`);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const rows = (await response.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.filter((r) => r.winner === "tie (bothbad)")).toHaveLength(2);
    expect(rows.find((r) => r.model_a === "fal/flux-dev")).toMatchObject({ model_b: "replicate/flux-dev", category: "photorealism" });
    expect(rows.every((r) => ["model_a", "model_b", "tie", "tie (bothbad)"].includes(r.winner) && typeof r.tstamp === "number")).toBe(true);
  });

  it("lists the starter set: at least 24 prompts over at least 4 categories, and draws battles from it", async () => {
    const sets = await json(await fetch(`${app.url}/v1/arena/sets`));
    const starter = sets.data.find((s: { id: string }) => s.id === "starter");
    expect(starter.prompts.length).toBeGreaterThanOrEqual(24);
    expect(new Set(starter.prompts.map((p: { category: string }) => p.category)).size).toBeGreaterThanOrEqual(4);
    const battle = await json(await post("/openai/v1/arena/battles", { set_id: "starter", roster: ["flux-dev", "gpt-image-1"] }));
    expect(starter.prompts.map((p: { prompt: string }) => p.prompt)).toContain(battle.prompt);
    expect(battle.set_id).toBe("starter");
  });
});

import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { battleImageRoute, createBattleRoute, importRoute, leaderboardRoute } from "@/lib/api/routes/arena";
import { POST } from "@/lib/api/routes/images-generations";
import { boardChoices } from "@/lib/arena/board-choices";
import { contestantOptions } from "@/lib/arena/contestants";
import * as store from "@/lib/arena/store";
import { markAdminCreated } from "@/lib/auth/mode";
import { createKey } from "@/lib/services/api-keys";
import { useInProcessApp } from "../../helpers/in-process";

// The arena through its route handlers, in process (PGlite, the simulator, local storage).

const prisma = useInProcessApp();

const none = { params: Promise.resolve({}) };
const post = (path: string, body: unknown, type = "application/json") =>
  new Request(`http://127.0.0.1${path}`, { method: "POST", headers: { "content-type": type }, body: typeof body === "string" ? body : JSON.stringify(body) });
const board = async (query: string) => (await (await leaderboardRoute(new Request(`http://127.0.0.1/v1/arena/leaderboard?${query}`), none)).json()) as { data: { contestant: string; battles: number }[]; battles: number };
const importLines = async (lines: object[]) => {
  const res = await importRoute(post("/v1/arena/battles/import", lines.map((l) => JSON.stringify(l)).join("\n"), "application/x-ndjson"), none);
  return (await res.json()) as { imported: number };
};

describe("arena: alias in a dry run and in the ledger", () => {
  it("?dryRun=true resolves arena:<board> to the board's leader and says why in its warnings", async () => {
    const lines = Array.from({ length: 8 }, (_, i) => ({ model_a: "gpt-image-1", model_b: "flux-dev", winner: i < 6 ? "model_b" : "model_a", category: "typography" }));
    expect((await importLines(lines)).imported).toBe(8);
    const res = await POST(post("/v1/images/generations?dryRun=true", { model: "arena:category:typography", prompt: 'a sign that says "OPEN"' }), none);
    expect(res.status).toBe(200);
    const estimate = (await res.json()) as { dry_run: boolean; model: string; warnings: { param?: string; message: string }[] };
    expect(estimate).toMatchObject({ dry_run: true, model: "flux-dev" });
    expect(estimate.warnings.find((w) => w.param === "model")?.message).toMatch(/^arena:category:typography resolved to flux-dev: the leader of the arena board category:typography \(rating \d+/);

    const empty = await POST(post("/v1/images/generations?dryRun=true", { model: "arena:category:never-voted", prompt: "x" }), none);
    expect(empty.status).toBe(404);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe("arena_board_empty");
  });

  it("a real request's ledger records what was asked, what was sent and why", async () => {
    const res = await POST(post("/v1/images/generations", { model: "arena:category:typography", prompt: "a sign", response_format: "url" }), none);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { darkroom: { id: string; model: string } };
    expect(body.darkroom.model).toBe("flux-dev");
    const row = await prisma().generation.findUnique({ where: { id: body.darkroom.id } });
    const entry = (row!.ledger as { param: string }[]).find((e) => e.param === "model");
    expect(entry).toEqual({ param: "model", requested: "arena:category:typography", sent: "flux-dev", handling: "converted", note: expect.stringContaining("leader of the arena board category:typography") });
  });
});

describe("arena: boards", () => {
  it("a board counts one user's votes when asked (user=<id>), everyone's otherwise", async () => {
    const base = { status: "voted" as const, prompt: "", category: "users", setId: null, seed: null, leftModel: "m1", rightModel: "m2", votedAt: new Date(), imported: true };
    const battles = (userId: string, n: number): store.NewBattle[] =>
      Array.from({ length: n }, (_, i) => ({ ...base, id: `bat_${userId}${String(i).padStart(20, "0")}`.slice(0, 30), leftContestant: "m1", rightContestant: "m2", winner: "left", userId }));
    await store.insertBattles([...battles("usera", 3), ...battles("userb", 5)]);
    expect((await board("board=category:users")).battles).toBe(8);
    const a = await board("board=category:users&user=usera");
    expect(a.battles).toBe(3);
    expect(a.data.map((r) => r.battles)).toEqual([3, 3]);
    expect((await board("board=category:users&user=userb")).battles).toBe(5);
  });

  it("sees votes another instance recorded (straight into the database) without a restart", async () => {
    expect((await board("board=category:elsewhere")).battles).toBe(0);
    await prisma().arenaBattle.create({
      data: { id: "bat_elsewhere0000000000000000", status: "voted", prompt: "", category: "elsewhere", leftContestant: "m1", rightContestant: "m2", leftModel: "m1", rightModel: "m2", winner: "tie", votedAt: new Date() },
    });
    expect((await board("board=category:elsewhere")).battles).toBe(1);
  });
});

describe("arena: what the pages offer", () => {
  it("providers boards only for models whose providers have met; a roster of what is served here", async () => {
    const lines = Array.from({ length: 2 }, () => ({ model_a: "fal/flux-dev", model_b: "replicate/flux-dev", winner: "tie" }));
    expect((await importLines([...lines, { model_a: "fal/imagen-4.0-generate-001", model_b: "imagen-4.0-generate-001", winner: "tie" }])).imported).toBe(3);
    const providers = (await boardChoices()).find((g) => g.title === "Providers of")!;
    expect(providers.boards).toEqual([{ value: "providers:flux-dev", label: expect.stringContaining("FLUX") }]);
    // Only the simulator is configured in this process: every pinned option is pinned to it.
    const options = contestantOptions();
    expect(options.length).toBeGreaterThan(4);
    for (const o of options.filter((o) => o.value.includes("/"))) expect(o.value).toMatch(/^local\//);
  });
});

describe("arena: battle images", () => {
  it("both sides are PNGs of one size without metadata, whatever each provider answered", async () => {
    // Simulated FLUX answers 1024², GPT Image 1 answers in its own format: the files must not tell them apart.
    const res = await createBattleRoute(post("/v1/arena/battles", { prompt: "a red fox", contestants: ["local/flux-dev", "local/gpt-image-1"], seed: 3 }), none);
    expect(res.status).toBe(201);
    const battle = (await res.json()) as { id: string };
    const rows = await prisma().image.findMany({ where: { generation: { source: "arena", prompt: "a red fox" } } });
    expect(rows).toHaveLength(2);
    // Make the two stored originals differ in format and size, as two real providers would.
    const jpeg = await sharp({ create: { width: 1200, height: 1100, channels: 3, background: "#336699" } }).jpeg().withMetadata({ exif: { IFD0: { Software: "gpt-image-1" } } }).toBuffer();
    const { storage } = (await import("@/lib/server/context")).serverContext();
    const key = await storage.put(jpeg, "jpg");
    await prisma().image.update({ where: { id: rows[1]!.id }, data: { storageKey: key, format: "jpeg", width: 1200, height: 1100 } });

    const sides = await Promise.all(
      (["left", "right"] as const).map(async (side) => {
        const file = await battleImageRoute(new Request(`http://127.0.0.1/v1/arena/battles/${battle.id}/images/${side}`), { params: Promise.resolve({ id: battle.id, side }) });
        expect(file.status).toBe(200);
        expect(file.headers.get("content-type")).toBe("image/png");
        return sharp(Buffer.from(await file.arrayBuffer())).metadata();
      }),
    );
    const first = sides[0]!;
    const second = sides[1]!;
    expect(first.format).toBe("png");
    expect(second.format).toBe("png");
    expect([second.width, second.height]).toEqual([first.width, first.height]);
    for (const meta of sides) expect(meta.exif ?? meta.xmp ?? meta.comments).toBeUndefined();
  });
});

// Last: it turns accounts on (an admin exists), after which unauthenticated calls are refused.
describe("arena: import with accounts on", () => {
  it("takes an admin's battles as that admin's votes and refuses a member's (imported votes count on every board)", async () => {
    await prisma().authUser.createMany({ data: [{ id: "u_admin", name: "Admin", email: "a@example.com", role: "admin" }, { id: "u_member", name: "Member", email: "m@example.com", role: "member" }] });
    markAdminCreated();
    const send = async (userId: string) => {
      const { key } = await createKey({ name: userId, userId });
      const headers = { "content-type": "application/x-ndjson", authorization: `Bearer ${key}` };
      return importRoute(new Request("http://127.0.0.1/v1/arena/battles/import", { method: "POST", headers, body: '{"model_a":"a1","model_b":"b1","winner":"tie"}' }), none);
    };
    const refused = await send("u_member");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("admin_required");
    expect((await send("u_admin")).status).toBe(201);
    expect(await prisma().arenaBattle.findMany({ where: { leftContestant: "a1" }, select: { userId: true } })).toEqual([{ userId: "u_admin" }]);
  });
});

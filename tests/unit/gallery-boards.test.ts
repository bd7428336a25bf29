import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteGenerations, listGallery, sourcesInUse } from "@/lib/db/gallery";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";
import { addToBoard, BoardNameTakenError, createBoard, deleteBoard, listBoards, removeFromBoard } from "@/lib/services/boards";

let pg: PGlite;
let prisma: PrismaClient;
const ids: string[] = [];

async function addGeneration(n: number, source = "api") {
  const id = `gen_${String(n).padStart(26, "0")}`;
  await prisma.generation.create({
    data: { id, createdAt: new Date(Date.UTC(2026, 0, n)), status: "succeeded", source, model: "flux-dev", provider: "local", prompt: `board test ${n}`, seed: BigInt(n), n: 1, request: {}, normalized: {}, ledger: [], costUsd: 0, simulated: true },
  });
  ids.push(id);
}

beforeAll(async () => {
  pg = new PGlite();
  await applyMigrations(pg);
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  for (let i = 1; i <= 5; i++) await addGeneration(i, i === 5 ? "compare" : "api");
}, 60_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await pg?.close();
});

describe("boards", () => {
  it("hold generations, filter the gallery, and never delete images", async () => {
    const cats = await createBoard({ name: "  Cats  " }, prisma);
    const dogs = await createBoard({ name: "Dogs" }, prisma);
    expect(cats.name).toBe("Cats");
    expect(await addToBoard({ boardId: cats.id, generationIds: [ids[0]!, ids[1]!, ids[2]!] }, prisma)).toBe(3);
    // Already there, or unknown: skipped, not an error.
    expect(await addToBoard({ boardId: cats.id, generationIds: [ids[0]!, "gen_zzzzzzzzzzzzzzzzzzzzzzzzzz"] }, prisma)).toBe(0);
    // A generation may be on several boards.
    await addToBoard({ boardId: dogs.id, generationIds: [ids[0]!] }, prisma);

    const onCats = await listGallery({ sort: "newest", limit: 50, board: cats.id }, prisma);
    expect(onCats.rows.map((r) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect((await listBoards(prisma)).map((b) => [b.name, b.count])).toEqual([["Cats", 3], ["Dogs", 1]]);

    await removeFromBoard({ boardId: cats.id, generationIds: [ids[1]!] }, prisma);
    expect((await listGallery({ sort: "newest", limit: 50, board: cats.id }, prisma)).rows).toHaveLength(2);

    expect(await deleteBoard({ id: cats.id }, prisma)).toBe(true);
    expect((await listGallery({ sort: "newest", limit: 50 }, prisma)).rows).toHaveLength(5);
    expect((await listBoards(prisma)).map((b) => b.name)).toEqual(["Dogs"]);
  });

  it("refuses a second board of the same name", async () => {
    await createBoard({ name: "Unique" }, prisma);
    await expect(createBoard({ name: "Unique" }, prisma)).rejects.toBeInstanceOf(BoardNameTakenError);
  });

  it("forgets deleted generations", async () => {
    const board = await createBoard({ name: "Doomed" }, prisma);
    await addToBoard({ boardId: board.id, generationIds: [ids[3]!] }, prisma);
    await deleteGenerations({ ids: [ids[3]!] }, prisma);
    expect((await listBoards(prisma)).find((b) => b.id === board.id)?.count).toBe(0);
  });
});

describe("source filter", () => {
  it("offers only sources some generation came from, in the given order", async () => {
    expect(await sourcesInUse(["api", "playground", "compare", "arena"], prisma)).toEqual(["api", "compare"]);
  });
});

describe("search", () => {
  it("stems English words and keeps prefixes", async () => {
    await prisma.generation.create({
      data: { id: "gen_s0000000000000000000000001", createdAt: new Date(), status: "succeeded", source: "api", model: "flux-dev", provider: "local", prompt: "an astronaut cat floating, the Zorblax nebula", seed: 1n, n: 1, request: {}, normalized: {}, ledger: [], costUsd: 0, simulated: true },
    });
    const found = async (q: string) => (await listGallery({ sort: "newest", limit: 50, search: q }, prisma)).rows.map((r) => r.id);
    for (const q of ["astronaut cats", "astronauts cat", "floats", "astro", "zorbl", "the nebula"]) expect(await found(q), q).toEqual(["gen_s0000000000000000000000001"]);
    expect(await found("astronaut dogs")).toEqual([]);
  });
});

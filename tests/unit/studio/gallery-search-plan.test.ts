import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listGallery, type GalleryQuery, type GallerySort } from "@/lib/db/gallery";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";

// A search matching up to 1,000 generations is paged from the full-text matches, a broader one by walking the
// date or cost index (lib/db/gallery.ts pageSelect): both must give the same pages as the plain listing.
const COMMON = 1_100;
const RARE = 30;

let pg: PGlite;
let prisma: PrismaClient;
const board = "brd_00000000000000000000000001";

interface Row {
  id: string;
  createdAt: Date;
  costUsd: number;
  prompt: string;
}
const rows: Row[] = [];

beforeAll(async () => {
  pg = new PGlite();
  await applyMigrations(pg);
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  for (let i = 0; i < COMMON + RARE; i++) {
    const rare = i % Math.floor(COMMON / RARE) === 0 && rows.filter((r) => r.prompt.includes("owls")).length < RARE;
    rows.push({
      id: `gen_${String(i).padStart(26, "0")}`,
      // Pairs share a timestamp: the id breaks the tie, as in the listing's order.
      createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 60_000),
      costUsd: (i * 7919) % 101 / 100,
      prompt: rare ? `frozen owls ${i}` : `a misty lighthouse ${i}`,
    });
  }
  await prisma.generation.createMany({
    data: rows.map((r) => ({ ...r, status: "succeeded" as const, source: "api", model: "flux-schnell", provider: "local", seed: 1n, n: 1, request: {}, normalized: {}, ledger: [] })),
  });
  await prisma.board.create({ data: { id: board, name: "every third" } });
  await prisma.boardItem.createMany({ data: rows.filter((_, i) => i % 3 === 0).map((r) => ({ boardId: board, generationId: r.id })) });
}, 180_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await pg?.close();
});

const ORDERS: Record<GallerySort, (a: Row, b: Row) => number> = {
  newest: (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1),
  oldest: (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  cost: (a, b) => b.costUsd - a.costUsd || (b.id < a.id ? -1 : 1),
};

async function walk(query: Omit<GalleryQuery, "limit" | "cursor">): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listGallery({ ...query, limit: 200, cursor }, prisma);
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe("gallery search pages, few matches or many", () => {
  it.each(["newest", "oldest", "cost"] as const)("a broad search (%s) pages every match in order", async (sort) => {
    const expected = rows.filter((r) => r.prompt.includes("lighthouse")).sort(ORDERS[sort]).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(1000);
    expect(await walk({ sort, search: "lighthouses" })).toEqual(expected);
  }, 60_000);

  it.each(["newest", "oldest", "cost"] as const)("a narrow search (%s) pages every match in order", async (sort) => {
    const expected = rows.filter((r) => r.prompt.includes("owls")).sort(ORDERS[sort]).map((r) => r.id);
    expect(expected).toHaveLength(RARE);
    expect(await walk({ sort, search: "frozen owl" })).toEqual(expected);
    expect((await listGallery({ sort, search: "frozen owl", limit: 10 }, prisma)).rows.map((r) => r.id)).toEqual(expected.slice(0, 10));
  });

  it("combines with a board and the other filters, and finds nothing when nothing matches", async () => {
    const onBoard = new Set(rows.filter((_, i) => i % 3 === 0).map((r) => r.id));
    const expected = rows.filter((r) => r.prompt.includes("owls") && onBoard.has(r.id)).sort(ORDERS.newest).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await walk({ sort: "newest", search: "owls", board })).toEqual(expected);
    const broad = rows.filter((r) => r.prompt.includes("misty") && onBoard.has(r.id)).sort(ORDERS.newest).map((r) => r.id);
    expect(await walk({ sort: "newest", search: "mist", board })).toEqual(broad);
    expect(await walk({ sort: "newest", search: "owls", model: "imagen-4.0-generate-001" })).toEqual([]);
    expect(await walk({ sort: "newest", search: "nothingmatches" })).toEqual([]);
  });
});

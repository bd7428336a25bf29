import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { highlightParts } from "@/components/gallery/search-highlight";
import { listGallery } from "@/lib/db/gallery";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";

const marked = (text: string, search: string) =>
  highlightParts(text, search)
    .filter((p) => p.match)
    .map((p) => p.text);

describe("gallery search highlighting", () => {
  it("marks the words each search word found, stemmed and as prefixes", () => {
    expect(marked("An astronaut cat floating in space", "astronaut cats")).toEqual(["astronaut", "cat"]);
    expect(marked("A cat floating over floats", "floats")).toEqual(["floating", "floats"]);
    expect(marked("astronauts and Astronomy", "astro")).toEqual(["astronauts", "Astronomy"]);
    expect(marked("Lighthouses glowing at dusk", "lighthouse glow")).toEqual(["Lighthouses", "glowing"]);
  });

  it("keeps the whole text, in order, around the marks", () => {
    const parts = highlightParts("a koi pond, watercolor", "pond");
    expect(parts).toEqual([
      { text: "a koi ", match: false },
      { text: "pond", match: true },
      { text: ", watercolor", match: false },
    ]);
    expect(parts.map((p) => p.text).join("")).toBe("a koi pond, watercolor");
  });

  it("marks nothing without a search, and nothing a word does not start", () => {
    expect(highlightParts("a red fox", undefined)).toEqual([{ text: "a red fox", match: false }]);
    expect(highlightParts("a red fox", "  ,, ")).toEqual([{ text: "a red fox", match: false }]);
    expect(marked("a bicycle", "cycle")).toEqual([]);
  });
});

describe("highlighting agrees with the database's search", () => {
  let pg: PGlite;
  let prisma: PrismaClient;
  const prompts = [
    "an astronaut cat floating in space",
    "two astronaut cats, oil painting",
    "floating lanterns over a lake",
    "the lighthouse keeper's dogs",
    "glowing jellyfish at the bottom of the sea",
    "Astronomy poster, art nouveau",
    "a bicycle leaning on a wall",
    "running foxes in the snow",
    "ciudad de noche, neón",
  ];
  const searches = ["astronaut cats", "floats", "astro", "lighthouses", "glow jellyfish", "cycle", "dog keeper", "run fox", "neón", "the", "cats painting", "nothingmatches"];

  beforeAll(async () => {
    pg = new PGlite();
    await applyMigrations(pg);
    prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
    for (const [i, prompt] of prompts.entries()) {
      await prisma.generation.create({
        data: { id: `gen_${String(i).padStart(26, "0")}`, status: "succeeded", source: "api", model: "flux-schnell", provider: "local", prompt, seed: BigInt(i), n: 1, request: {}, normalized: {}, ledger: [] },
      });
    }
  }, 120_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await pg?.close();
  });

  it.each(searches)("search %j: a prompt is found exactly when every search word marks one of its words", async (search) => {
    const found = (await listGallery({ sort: "oldest", limit: 50, search }, prisma)).rows.map((r) => r.prompt);
    const words = search.match(/[\p{L}\p{N}]+/gu) ?? [];
    const explained = prompts.filter((prompt) => words.every((word) => marked(prompt, word).length > 0));
    expect(found).toEqual(explained);
  });
});

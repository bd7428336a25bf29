import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryHref } from "@/components/gallery/gallery-params";
import { deleteGenerations, InvalidCursorError, listGallery, toPrefixTsQuery, type GalleryQuery, type GallerySort } from "@/lib/db/gallery";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";
import { generationDetail } from "@/lib/services/gallery";
import { parseGalleryParams, toGalleryQuery } from "@/lib/services/gallery-query";

let pg: PGlite;
let prisma: PrismaClient;

const key = (c: string, ext = "png") => `${c.repeat(64)}.${ext}`;
let counter = 0;

async function addGeneration(fields: {
  createdAt: string;
  prompt: string;
  model?: string;
  provider?: string | null;
  source?: string;
  status?: "succeeded" | "failed" | "partial";
  favorite?: boolean;
  costUsd?: number;
  images?: { storageKey: string; thumbnailKey: string }[];
  request?: object;
  normalized?: object;
  ledger?: object[];
  errorMessage?: string;
}) {
  counter += 1;
  const id = `gen_${String(counter).padStart(26, "0")}`;
  await prisma.generation.create({
    data: {
      id,
      createdAt: new Date(fields.createdAt),
      status: fields.status ?? "succeeded",
      source: fields.source ?? "api",
      model: fields.model ?? "flux-schnell",
      provider: fields.provider === undefined ? "local" : fields.provider,
      prompt: fields.prompt,
      seed: BigInt(counter),
      n: 1,
      request: fields.request ?? { prompt: fields.prompt },
      normalized: fields.normalized ?? {},
      ledger: fields.ledger ?? [],
      costUsd: fields.costUsd ?? 0,
      favorite: fields.favorite ?? false,
      simulated: fields.provider === undefined || fields.provider === "local",
      errorMessage: fields.errorMessage,
      images: {
        create: (fields.images ?? []).map((image, index) => ({
          id: `img_${String(counter * 10 + index).padStart(26, "0")}`,
          index,
          seed: BigInt(counter),
          width: 1024,
          height: 768,
          format: "png",
          bytes: 1000,
          thumbWidth: 384,
          thumbHeight: 288,
          placeholder: "data:image/webp;base64,AAAA",
          ...image,
        })),
      },
    },
  });
  return id;
}

const query = (patch: Partial<GalleryQuery>): GalleryQuery => ({ sort: "newest", limit: 50, ...patch });

async function walk(sort: GallerySort, patch: Partial<GalleryQuery> = {}): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listGallery(query({ sort, limit: 3, cursor, ...patch }), prisma);
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  pg = new PGlite();
  await applyMigrations(pg);
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  const shared = { storageKey: key("a"), thumbnailKey: key("b", "webp") };
  await addGeneration({ createdAt: "2026-01-01T10:00:00Z", prompt: "a lighthouse at dusk", images: [shared], costUsd: 0.04, provider: "vertex", model: "imagen-4.0-generate-001" });
  await addGeneration({ createdAt: "2026-01-02T10:00:00Z", prompt: "a koi pond, watercolor", images: [shared], source: "playground", favorite: true });
  await addGeneration({ createdAt: "2026-01-02T10:00:00Z", prompt: "Lighthouses in the fog", images: [{ storageKey: key("c"), thumbnailKey: key("d", "webp") }], costUsd: 0.04, provider: "fal" });
  await addGeneration({ createdAt: "2026-01-03T10:00:00Z", prompt: "a teapot", status: "failed", provider: null, errorMessage: "Upstream returned 502" });
  await addGeneration({ createdAt: "2026-01-04T10:00:00Z", prompt: "a dragon over the sea", images: [{ storageKey: key("e"), thumbnailKey: key("f", "webp") }], costUsd: 0.08, provider: "openai", source: "compare" });
  for (let i = 0; i < 6; i++) await addGeneration({ createdAt: `2026-02-0${i + 1}T00:00:00Z`, prompt: `filler number ${i}`, costUsd: 0.04, images: [shared] });
  // An embedded Postgres starting and migrating takes a few seconds on a busy machine.
}, 60_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await pg?.close();
});

describe("gallery listing", () => {
  it("walks every generation exactly once in each order, ties included", async () => {
    const all = await prisma.generation.findMany({ select: { id: true, createdAt: true, costUsd: true } });
    const newest = [...all].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id)).map((g) => g.id);
    const cost = [...all].sort((a, b) => b.costUsd - a.costUsd || b.id.localeCompare(a.id)).map((g) => g.id);
    expect(await walk("newest")).toEqual(newest);
    expect(await walk("oldest")).toEqual([...newest].reverse());
    expect(await walk("cost")).toEqual(cost);
  });

  it("keeps failed generations, with their reason and no cover", async () => {
    const { rows } = await listGallery(query({ status: "failed" }), prisma);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ prompt: "a teapot", errorMessage: "Upstream returned 502", cover: null, imageCount: 0 });
  });

  it("filters by model, provider, source, favorites and date range", async () => {
    const prompts = async (patch: Partial<GalleryQuery>) => (await listGallery(query(patch), prisma)).rows.map((r) => r.prompt);
    expect(await prompts({ model: "imagen-4.0-generate-001" })).toEqual(["a lighthouse at dusk"]);
    expect(await prompts({ provider: "openai" })).toEqual(["a dragon over the sea"]);
    expect(await prompts({ source: "playground" })).toEqual(["a koi pond, watercolor"]);
    expect(await prompts({ favorite: true })).toEqual(["a koi pond, watercolor"]);
    const january = toGalleryQuery(parseGalleryParams({ from: "2026-01-02", to: "2026-01-03" }));
    expect((await listGallery(january, prisma)).rows.map((r) => r.prompt).sort()).toEqual(["Lighthouses in the fog", "a koi pond, watercolor", "a teapot"]);
  });

  it("searches prompt words by prefix, case-insensitively, all words required", async () => {
    const prompts = async (search: string) => (await listGallery(query({ search }), prisma)).rows.map((r) => r.prompt).sort();
    expect(await prompts("lighthouse")).toEqual(["Lighthouses in the fog", "a lighthouse at dusk"]);
    expect(await prompts("LIGHT fog")).toEqual(["Lighthouses in the fog"]);
    expect(await prompts("watercolor koi")).toEqual(["a koi pond, watercolor"]);
    expect(await prompts("zebra")).toEqual([]);
    expect(toPrefixTsQuery("it's (a) test!")).toBe("it:* & s:* & a:* & test:*");
    expect(toPrefixTsQuery("&|!:*")).toBeUndefined();
  });

  it("rejects a cursor it did not make", async () => {
    await expect(listGallery(query({ cursor: "bm9wZQ" }), prisma)).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(listGallery(query({ sort: "cost", cursor: Buffer.from('["2026-01-01","x"]').toString("base64url") }), prisma)).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});

describe("generation detail", () => {
  it("links to the playground with every setting and to compare with prompt and seed", async () => {
    const id = await addGeneration({
      createdAt: "2026-03-01T00:00:00Z",
      prompt: "a red fox",
      provider: "vertex",
      model: "imagen-4.0-generate-001",
      normalized: { pinned_provider: "vertex", size: "1024x1024", output_format: "webp" },
      ledger: [{ param: "prompt", requested: "a red fox", sent: "a red fox", handling: "passthrough" }],
    });
    const detail = await generationDetail({ id }, prisma);
    const playground = new URL(detail!.playgroundHref, "http://x");
    expect(Object.fromEntries(playground.searchParams)).toEqual({
      model: "vertex/imagen-4.0-generate-001",
      prompt: "a red fox",
      seed: String(detail!.seed),
      size: "1024x1024",
      n: "1",
      output_format: "webp",
    });
    expect(detail!.compareHref).toBe(`/compare?prompt=a+red+fox&seed=${detail!.seed}`);
    expect(detail!.parameters).toEqual([{ param: "prompt", requested: "a red fox", sent: "a red fox", handling: "passthrough" }]);
  });

  it("shows the request alone when no provider was called", async () => {
    const id = await addGeneration({ createdAt: "2026-03-02T00:00:00Z", prompt: "x", status: "failed", provider: null, request: { prompt: "x", n: 2 } });
    const detail = await generationDetail({ id }, prisma);
    expect(detail!.parameters).toEqual([
      { param: "prompt", requested: "x", sent: null, handling: null },
      { param: "n", requested: 2, sent: null, handling: null },
    ]);
  });
});

describe("deleting generations", () => {
  it("reports only the files no remaining image references", async () => {
    const lonely = { storageKey: key("1"), thumbnailKey: key("2", "webp") };
    const shared = { storageKey: key("a"), thumbnailKey: key("b", "webp") };
    const one = await addGeneration({ createdAt: "2026-04-01T00:00:00Z", prompt: "to delete", images: [lonely, shared] });
    const { deleted, orphanedKeys } = await deleteGenerations({ ids: [one] }, prisma);
    expect(deleted).toBe(1);
    expect(orphanedKeys.sort()).toEqual([lonely.storageKey, lonely.thumbnailKey].sort());
    expect(await prisma.image.count({ where: { generationId: one } })).toBe(0);
  });
});

describe("gallery URL parameters", () => {
  it("drop what they cannot read instead of failing, and round-trip through the URL", () => {
    const params = parseGalleryParams({ q: "  fox ", status: "bogus", from: "2026-13-45", to: "2026-02-01", sort: "weird", favorites: "1", model: ["flux-dev", "x"] });
    expect(params).toEqual({ q: "fox", model: "flux-dev", favorites: true, to: "2026-02-01", sort: "newest" });
    const href = galleryHref(params);
    expect(href).toBe("/gallery?q=fox&model=flux-dev&favorites=1&to=2026-02-01");
    expect(parseGalleryParams(new URL(href, "http://x").searchParams)).toEqual(params);
  });
});

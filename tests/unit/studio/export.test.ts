import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";
import { manifestCsv } from "@/lib/services/export/manifest";
import { exportZip } from "@/lib/services/export/zip";
import type { ImageStorage } from "@/lib/storage/storage";
import { readZip } from "./read-zip";

let pg: PGlite;
let prisma: PrismaClient;
const files = new Map<string, Buffer>();
const storage = {
  async open(key: string) {
    const bytes = files.get(key);
    return bytes ? { size: bytes.length, body: Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array> } : undefined;
  },
} as unknown as ImageStorage;

async function add(n: number, prompt: string, images: number) {
  const id = `gen_${String(n).padStart(26, "0")}`;
  await prisma.generation.create({
    data: {
      id, createdAt: new Date(Date.UTC(2026, 0, n)), status: images ? "succeeded" : "failed", source: "api", model: "flux-dev", provider: "local",
      prompt, negativePrompt: n === 1 ? "blur" : null, seed: BigInt(1000 + n), n: Math.max(1, images), request: {}, normalized: { size: "1024x768", steps: 20 },
      ledger: [], costUsd: 0.01 * n, simulated: true,
      images: {
        create: Array.from({ length: images }, (_, index) => {
          const storageKey = `${String(n * 10 + index).padStart(64, "a")}.png`;
          files.set(storageKey, Buffer.from(`png bytes ${n}-${index}`));
          return { id: `img_${String(n * 10 + index).padStart(26, "0")}`, index, seed: BigInt(1000 + n + index), width: 1024, height: 768, format: "png", bytes: 12, storageKey, thumbnailKey: storageKey, thumbWidth: 384, thumbHeight: 288 };
        }),
      },
    },
  });
  return id;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  pg = new PGlite();
  await applyMigrations(pg);
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
}, 60_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await pg?.close();
});

describe("zip export", () => {
  it("holds every image and manifests that match them", async () => {
    const a = await add(1, 'a "quoted", comma prompt', 2);
    const b = await add(2, "a failed one", 0);
    await add(3, "not selected", 1);
    const zip = readZip(await collect(await exportZip({ ids: [a, b] }, storage, prisma)));

    expect([...zip.keys()].sort()).toEqual(["images/" + a + "-1.png", "images/" + a + "-2.png", "manifest.csv", "manifest.json"].sort());
    expect(zip.get(`images/${a}-2.png`)!.toString()).toBe("png bytes 1-1");
    const manifest = JSON.parse(zip.get("manifest.json")!.toString());
    expect(manifest.generations).toBe(2);
    expect(manifest.images).toBe(2);
    const first = manifest.entries.find((e: { file: string }) => e.file === `images/${a}-1.png`);
    expect(first).toMatchObject({ generation_id: a, prompt: 'a "quoted", comma prompt', negative_prompt: "blur", seed: "1001", model: "flux-dev", provider: "local", cost_usd: 0.01, width: 1024, parameters: { steps: 20 } });
    expect(manifest.entries.find((e: { generation_id: string }) => e.generation_id === b)).toMatchObject({ file: null, status: "failed" });
    expect(zip.get("manifest.csv")!.toString()).toBe(manifestCsv(manifest.entries));
  });

  it("exports a filter's results through keyset pages", async () => {
    const zip = readZip(await collect(await exportZip({ query: { sort: "newest", search: "selected" } }, storage, prisma)));
    expect(JSON.parse(zip.get("manifest.json")!.toString()).entries.map((e: { prompt: string }) => e.prompt)).toEqual(["not selected"]);
  });

  it("quotes CSV fields that need it", () => {
    const csv = manifestCsv([{ file: "x.png", prompt: 'say "hi", then\nleave', parameters: { a: 1 } } as never]);
    expect(csv.split("\r\n")[1]).toContain('"say ""hi"", then\nleave"');
  });
});

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { resetEnvForTests } from "@/lib/config/env";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";
import { readImageSettings } from "@/lib/images/metadata";

let pg: PGlite;
let prisma: PrismaClient;

const generate = async (body: Record<string, unknown>) => {
  const res = await POST(
    new Request("http://127.0.0.1/v1/images/generations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ response_format: "b64_json", ...body }) }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  const json = await res.json();
  return { id: json.darkroom.id as string, bytes: Buffer.from(json.data[0].b64_json, "base64") };
};

beforeAll(async () => {
  Object.assign(process.env, { DARKROOM_DATA_DIR: await mkdtemp(path.join(tmpdir(), "darkroom-embed-")), DARKROOM_SIMULATOR: "on", LOG_LEVEL: "silent" });
  resetEnvForTests();
  pg = new PGlite();
  await applyMigrations(pg);
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  (globalThis as unknown as { darkroomDb?: Promise<PrismaClient> }).darkroomDb = Promise.resolve(prisma);
});

afterAll(async () => {
  await prisma.$disconnect();
  await pg.close();
});

describe("embed_metadata", () => {
  it.each(["png", "jpeg", "webp"])("writes the settings into a %s file that the playground's reader restores", async (format) => {
    const { id, bytes } = await generate({ model: "local/flux-dev", prompt: `a red kite over dunes ${format}`, negative_prompt: "people", seed: 4242, output_format: format, embed_metadata: true });
    const settings = await readImageSettings(bytes);
    expect(settings).toMatchObject({ prompt: `a red kite over dunes ${format}`, negativePrompt: "people", seed: 4242, model: "flux-dev", provider: "local", generationId: id });
    expect(settings?.size).toMatch(/^\d+x\d+$/);
  });

  it("leaves files untouched by default", async () => {
    const { bytes } = await generate({ model: "local/flux-dev", prompt: "plain file", seed: 1 });
    expect(await readImageSettings(bytes)).toBeNull();
  });
});

import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.dispose();
});

interface Generated {
  darkroom: { id: string; images: { thumbnail_url: string; width: number; height: number }[] };
}

async function generate(body: Record<string, unknown>): Promise<Generated> {
  const response = await fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: "a lighthouse at dusk", ...body }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Generated;
}

/** The gallery page of a generation shows each image over its blurred placeholder once the thumbnail exists. */
async function placeholdersShown(id: string): Promise<number> {
  const html = await (await fetch(`${app.url}/gallery/${id}`)).text();
  // Each appears twice: in the markup and in the React payload.
  return new Set(html.match(/data:image\/webp;base64,[A-Za-z0-9+/=]+/g)).size;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("serves a thumbnail on first view, before the background filler got to it, fitted inside 384 px", async () => {
  const result = await generate({ model: "imagen-4.0-generate-001", size: "1365x768" });
  const image = result.darkroom.images[0]!;
  const response = await fetch(image.thumbnail_url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/webp");
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  expect(meta.format).toBe("webp");
  expect([meta.width, meta.height]).toEqual([384, Math.round((384 * image.height) / image.width)]);
});

it("makes the thumbnails and placeholders in the background once the gateway is quiet", async () => {
  const result = await generate({ model: "flux-schnell", n: 3 });
  await waitFor(async () => (await placeholdersShown(result.darkroom.id)) === 3);
});

it("makes the thumbnails a stop left unmade at the next start", async () => {
  const result = await generate({ model: "flux-schnell", n: 2, prompt: "cut off before its thumbnails" });
  // The filler waits for half a second of quiet: a crash right away leaves the thumbnails unmade.
  await app.crash();
  await app.start();
  await waitFor(async () => (await placeholdersShown(result.darkroom.id)) === 2);
});

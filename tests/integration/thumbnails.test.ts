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

it("stores an image without a thumbnail, and makes it on first view, fitted inside 384 px", async () => {
  const result = await generate({ model: "imagen-4.0-generate-001", size: "1365x768" });
  expect(await placeholdersShown(result.darkroom.id)).toBe(0);
  const image = result.darkroom.images[0]!;
  const response = await fetch(image.thumbnail_url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/webp");
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  expect(meta.format).toBe("webp");
  expect([meta.width, meta.height]).toEqual([384, Math.round((384 * image.height) / image.width)]);
  // The view recorded the placeholder: the gallery shows it under the image from now on.
  expect(await placeholdersShown(result.darkroom.id)).toBe(1);
});

it("makes each thumbnail once when many views of new images arrive together, on any instance after a restart", async () => {
  const result = await generate({ model: "flux-schnell", n: 3 });
  const urls = result.darkroom.images.map((image) => image.thumbnail_url);
  const first = await Promise.all([...urls, ...urls].map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())));
  expect(first.slice(0, 3).map((b, i) => b.equals(first[i + 3]!))).toEqual([true, true, true]);
  await app.crash();
  await app.start();
  expect(await placeholdersShown(result.darkroom.id)).toBe(3);
  const again = await Promise.all(urls.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())));
  expect(again.map((b, i) => b.equals(first[i]!))).toEqual([true, true, true]);
});

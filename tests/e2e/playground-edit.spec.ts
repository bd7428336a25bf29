import { mkdir } from "node:fs/promises";
import sharp from "sharp";
import { expect, test, type Page } from "@playwright/test";
import { saveScreenshot } from "./fixtures/studio";

const SHOTS = process.env.DARKROOM_SHOTS_DIR ?? "/tmp/shots";
const GRAY = { r: 128, g: 128, b: 128 };

/** A plain mid-gray square: any tint the edit paints shows against it. */
const grayPng = () => sharp({ create: { width: 512, height: 512, channels: 3, background: GRAY } }).png().toBuffer();

async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(y * info.height) * info.width + Math.floor(x * info.width)) * 3;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

/** Drags the brush across the top-left quarter of the mask canvas. */
async function paintTopLeft(page: Page) {
  const canvas = page.getByTestId("mask-canvas");
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.15);
  await page.mouse.down();
  for (const step of [0.2, 0.3, 0.4]) await page.mouse.move(box.x + box.width * step, box.y + box.height * 0.15, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.3, { steps: 4 });
  await page.mouse.up();
}

test("edits an uploaded picture inside a painted mask, and the gallery shows the inputs", async ({ page, request }, testInfo) => {
  await mkdir(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/?mode=edit");
  await expect(page.getByRole("radio", { name: "Edit" })).toHaveAttribute("aria-checked", "true");

  await page.getByTestId("edit-files").setInputFiles({ name: "gray.png", mimeType: "image/png", buffer: await grayPng() });
  const inputs = page.getByRole("region", { name: "Edit inputs" });
  await expect(inputs.getByRole("img", { name: "Input 1: gray.png" })).toBeVisible();
  await expect(inputs).toContainText("512×512");

  await paintTopLeft(page);
  await expect(page.getByText("Only the painted area changes.")).toBeVisible();
  await page.getByLabel("Prompt", { exact: true }).fill("paint it bright red");
  // Viewport shots: a full-page one would stitch the sticky action bar into the middle of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/edit-1440x900.png` });
  await page.getByTestId("mask-canvas").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/edit-1440x900-mask.png` });
  await saveScreenshot(page, testInfo, "edit-ready");

  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const result = page.getByRole("region", { name: "Result" });
  const figure = result.getByRole("figure").first();
  await expect(figure).toBeVisible();
  await expect(result).toContainText("Local simulator");

  // The painted corner changed; the far corner kept the picture's gray.
  const src = (await figure.getByRole("img").getAttribute("src"))!;
  const edited = await (await request.get(src)).body();
  const inside = await pixel(edited, 0.25, 0.15);
  const outside = await pixel(edited, 0.85, 0.85);
  expect(outside.every((c, i) => Math.abs(c - Object.values(GRAY)[i]!) <= 3)).toBe(true);
  expect(inside.some((c, i) => Math.abs(c - Object.values(GRAY)[i]!) > 20)).toBe(true);

  // The gallery detail shows the edit's input and mask.
  await figure.getByRole("link", { name: "Open in gallery" }).click();
  const lineage = page.getByRole("region", { name: "Edit inputs" });
  await expect(lineage).toContainText("An edit of uploaded pictures.");
  const input = lineage.getByRole("img", { name: "Input 1" });
  await expect(input).toBeVisible();
  expect(await input.evaluate(async (img: HTMLImageElement) => (await img.decode(), img.naturalWidth))).toBe(512);
  await expect(lineage.getByRole("img", { name: /^Mask/ })).toBeVisible();
  await lineage.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/edit-gallery-detail-1440x900.png` });

  // "Edit this image" opens Edit mode with the result, by its id; an edit of it links back here.
  const detailUrl = page.url();
  await page.getByRole("link", { name: "Edit this image" }).first().click();
  await expect(page).toHaveURL(/mode=edit/);
  await expect(page.getByRole("region", { name: "Edit inputs" }).getByRole("img", { name: "Input 1: gallery image" })).toBeVisible();
  await page.getByLabel("Prompt", { exact: true }).fill("now make it blue");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("region", { name: "Result" }).getByRole("figure").first()).toBeVisible();
  await page.getByRole("region", { name: "Result" }).getByRole("link", { name: "Open in gallery" }).first().click();
  await expect(page.getByRole("region", { name: "Edit inputs" }).getByRole("link", { name: /generation/ })).toHaveAttribute("href", new URL(detailUrl).pathname);
});

test("Edit mode on a phone: pictures, mask tools and prompt fit the screen", async ({ page }) => {
  await mkdir(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/?mode=edit");
  await page.getByTestId("edit-files").setInputFiles([
    { name: "first.png", mimeType: "image/png", buffer: await grayPng() },
    { name: "second.png", mimeType: "image/png", buffer: await sharp({ create: { width: 300, height: 200, channels: 3, background: "#2a6" } }).png().toBuffer() },
  ]);
  const inputs = page.getByRole("region", { name: "Edit inputs" });
  await expect(inputs.getByRole("img", { name: /^Input \d/ })).toHaveCount(2);
  await paintTopLeft(page);
  await page.getByLabel("Prompt", { exact: true }).fill("a watercolor version");
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(390);
  // Viewport shots: a full-page one would stitch the sticky action bar into the middle of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/edit-390x844.png` });
  await page.getByTestId("mask-canvas").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/edit-390x844-mask.png` });

  // A file that is not a picture is refused in the form, before anything is sent.
  await page.getByTestId("edit-files").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(inputs.getByRole("alert")).toContainText("notes.txt is not a png, jpeg or webp picture");
});

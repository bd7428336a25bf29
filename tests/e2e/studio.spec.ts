import { expect, test, type Page } from "@playwright/test";
import { PHONE, WIDE, generate, uniqueWord, viewportShot } from "./fixtures/studio";
import { readZip } from "../unit/studio/read-zip";

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test("after Generate the progress and the result are in view, beside the form", async ({ page }, testInfo) => {
  await page.setViewportSize(WIDE);
  await page.goto("/?prompt=A+lighthouse+at+dusk+%22142%22&resolution=0.5K");
  const generate = page.getByRole("button", { name: "Generate", exact: true });
  await expect(generate).toBeInViewport();
  await generate.click();
  const result = page.getByRole("region", { name: "Result" });
  await expect(result.getByRole("figure")).toHaveCount(1);
  await expect(result.getByRole("img").first()).toBeInViewport();
  await viewportShot(page, testInfo, "playground-1440");

  await result.getByRole("button", { name: "View large" }).click();
  const lightbox = page.getByRole("dialog");
  await lightbox.getByRole("button", { name: "2×" }).click();
  await expect(lightbox.getByRole("img")).toHaveCSS("width", /\d+px/);
  await lightbox.getByRole("button", { name: "Close" }).click();
});

test("a failure shows in the results panel in plain words", async ({ page }) => {
  await page.setViewportSize(WIDE);
  // The e2e server's simulator always fails flux-schnell.
  await page.goto("/?model=flux-schnell&prompt=A+doomed+castle");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  const failure = page.getByTestId("results-panel").getByRole("alert");
  await expect(failure).toBeInViewport();
  await expect(failure).toContainText("Simulated failure");
  await expect(failure).toContainText(/Retry/);
  await expect(page.getByText("Your images appear here.")).toHaveCount(0);
});

test("no page is wider than a phone, and touch screens get no shortcut hints", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  for (const [path, name] of [["/", "playground"], ["/gallery", "gallery"], ["/compare", "compare"], ["/models", "models"], ["/no-such-page", "not-found"]] as const) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await pageWidth(page), path).toBeLessThanOrEqual(PHONE.width);
    await viewportShot(page, testInfo, `${name}-390`);
  }
  await page.goto("/");
  await expect(page.getByText("Required.")).toBeVisible();
  await expect(page.getByText(/Ctrl/).filter({ visible: true })).toHaveCount(0);
  await context.close();
});

test("wide screenshots of the gallery and compare", async ({ page }, testInfo) => {
  await page.setViewportSize(WIDE);
  for (const [path, name] of [["/gallery", "gallery"], ["/compare", "compare"]] as const) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDE.width);
    await viewportShot(page, testInfo, `${name}-1440`);
  }
});

test("boards: create one, add a selection, filter by it, export it as a zip", async ({ page, request }, testInfo) => {
  await page.setViewportSize(WIDE);
  const word = uniqueWord("board");
  for (let i = 0; i < 3; i++) await generate(request, { model: "flux-dev", prompt: `board test ${i} ${word}`, resolution: "0.5K", seed: i });

  await page.goto(`/gallery?q=${word}`);
  const boards = page.getByRole("navigation", { name: "Boards" });
  await boards.getByLabel("New board name").fill(`Board ${word}`);
  await boards.getByRole("button", { name: "Create" }).click();
  await expect(boards.getByRole("link", { name: new RegExp(`Board ${word}`) })).toBeVisible();

  await page.getByRole("checkbox", { name: `Select: board test 0 ${word}` }).check();
  await page.getByRole("checkbox", { name: `Select: board test 2 ${word}` }).check();
  const toolbar = page.getByRole("toolbar", { name: "Selected generations" });
  await toolbar.getByLabel("Board").selectOption({ label: `Board ${word}` });
  await toolbar.getByRole("button", { name: "Add to board" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added 2 to Board ${word}` })).toBeVisible();

  await boards.getByRole("link", { name: new RegExp(`Board ${word}`) }).click();
  await expect(page).toHaveURL(/board=brd_/);
  await expect(page.getByRole("heading", { name: `Board: Board ${word}` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Generations" }).getByRole("listitem")).toHaveCount(2);
  await viewportShot(page, testInfo, "board-1440");

  const exportHref = (await page.getByRole("link", { name: "Export this board (zip)" }).getAttribute("href"))!;
  const response = await request.get(exportHref);
  expect(response.headers()["content-type"]).toBe("application/zip");
  const zip = readZip(await response.body());
  const manifest = JSON.parse(zip.get("manifest.json")!.toString()) as { entries: { file: string; prompt: string; seed: string }[] };
  expect(manifest.entries.map((e) => e.prompt).sort()).toEqual([`board test 0 ${word}`, `board test 2 ${word}`]);
  for (const entry of manifest.entries) expect(zip.get(entry.file)!.subarray(1, 4).toString()).toBe("PNG");
  expect(zip.get("manifest.csv")!.toString().split("\r\n").filter(Boolean)).toHaveLength(3);
});

test("a prompt too long for a URL is shared as a saved draft", async ({ page }) => {
  const prompt = `a very long prompt ${"with many words ".repeat(1500)}`.trim();
  await page.goto("/?model=gpt-image-1");
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await expect(page).toHaveURL(/\?draft=d_[\w-]{16}$/);
  await page.reload();
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue(prompt);
});

test("unknown pages answer 404 inside the app shell, with a favicon", async ({ page, request }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the playground" })).toBeVisible();
  expect((await request.get("/icon.svg")).ok()).toBeTruthy();
});

test("a dropped image restores its settings (A1111 infotext)", async ({ page }) => {
  const sharp = (await import("sharp")).default;
  const { writePngText } = await import("../../lib/images/metadata-png");
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#888" } }).png().toBuffer();
  const infotext = "a red fox in snow\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, Seed: 777, Size: 512x512, Model: sd_xl_base_1.0";
  const bytes = [...writePngText(png, { parameters: infotext })];
  await page.goto("/");
  const transfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], "fox.png", { type: "image/png" }));
    return dt;
  }, bytes);
  await page.getByRole("form", { name: "Generation settings" }).dispatchEvent("drop", { dataTransfer: transfer });
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue("a red fox in snow");
  await expect(page.getByLabel("Negative prompt")).toHaveValue("blurry");
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue("777");
});

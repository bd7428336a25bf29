import { copyFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PHONE, WIDE, generate, uniqueWord, viewportShot } from "./fixtures/studio";

const grid = (page: Page) => page.getByRole("region", { name: "Generations" });
const tiles = (page: Page) => grid(page).getByRole("listitem");

/** Where a scroll container is, as a share of how far it can scroll. */
const scrolled = (pane: Locator) =>
  pane.evaluate((el) => ({ x: el.scrollLeft / Math.max(1, el.scrollWidth - el.clientWidth), y: el.scrollTop / Math.max(1, el.scrollHeight - el.clientHeight) }));

test("search results mark the words that matched, stemmed and by prefix", async ({ page, request }) => {
  const word = uniqueWord("hl");
  await generate(request, { model: "flux-dev", prompt: `two astronaut cats floating ${word}`, seed: 21, resolution: "0.5K" });
  await generate(request, { model: "flux-dev", prompt: `a lighthouse at dusk ${word}`, seed: 22, resolution: "0.5K" });

  await page.setViewportSize(WIDE);
  await page.goto(`/gallery?q=${encodeURIComponent(`astronaut cat floats ${word}`)}`);
  await expect(tiles(page)).toHaveCount(1);
  const tile = tiles(page).first();
  await expect(tile).toContainText(`two astronaut cats floating ${word}`);
  await expect(tile.locator("mark")).toHaveText(["astronaut", "cats", "floating", word]);

  // A prefix marks the whole word it starts.
  await page.goto(`/gallery?q=${encodeURIComponent(`light ${word.slice(0, -2)}`)}`);
  await expect(tiles(page)).toHaveCount(1);
  await expect(tiles(page).first().locator("mark")).toHaveText(["lighthouse", word]);

  // Without a search nothing is marked, and the prompt still shows under the image.
  await page.goto("/gallery");
  await expect(grid(page).getByText(`a lighthouse at dusk ${word}`)).toBeVisible();
  await expect(grid(page).locator("mark")).toHaveCount(0);
});

test("compare selected generations side by side: zoom and pan together, then pixel compare", async ({ page, request }, testInfo) => {
  const word = uniqueWord("cmp");
  const prompt = `a red fox in the snow ${word}`;
  const ids = [
    await generate(request, { model: "imagen-4.0-generate-001", prompt, seed: 31, aspect_ratio: "16:9" }),
    await generate(request, { model: "flux-dev", prompt, seed: 32, aspect_ratio: "16:9" }),
    await generate(request, { model: "gpt-image-1-mini", prompt, seed: 33 }),
  ];

  await page.setViewportSize(WIDE);
  await page.goto(`/gallery?q=${word}`);
  await expect(tiles(page)).toHaveCount(3);
  const toolbar = page.getByRole("toolbar", { name: "Selected generations" });
  const select = grid(page).getByRole("checkbox");
  await select.nth(0).check();
  await expect(toolbar.getByRole("button", { name: "Compare" })).toBeDisabled();
  await select.nth(1).check();
  await select.nth(2).check();
  await toolbar.getByRole("link", { name: "Compare" }).click();

  await expect(page).toHaveURL(/\/gallery\/compare\?ids=gen_/);
  await expect(page.getByRole("heading", { level: 1, name: "Comparing 3 generations" })).toBeVisible();
  const side = page.getByRole("region", { name: "Side by side" });
  await expect(side).toContainText(prompt);
  const figures = side.getByRole("figure");
  await expect(figures).toHaveCount(3);
  for (const name of ["Imagen 4", "FLUX.1 [dev]", "GPT Image 1 Mini"]) await expect(side).toContainText(name);
  // In the gallery's order: newest first.
  await expect(figures.first()).toContainText("1. GPT Image 1 Mini");
  await expect(figures.first()).toContainText("Seed 33");
  await expect(figures.first().getByRole("img")).toBeInViewport();
  await viewportShot(page, testInfo, "gallery-compare-1440", "studio-gallery-compare-1440");

  // Zoomed in, panning one image pans the others to the same place.
  await page.getByLabel("Zoom (all images)").selectOption("2");
  const panes = figures.locator("div.overflow-auto");
  await expect(figures.first().getByRole("img")).toHaveCSS("width", /^\d{4,}px$/);
  await panes.nth(0).evaluate((el) => el.scrollTo({ left: (el.scrollWidth - el.clientWidth) * 0.75, top: (el.scrollHeight - el.clientHeight) * 0.5 }));
  await expect.poll(async () => (await scrolled(panes.nth(1))).x).toBeCloseTo(0.75, 1);
  expect((await scrolled(panes.nth(2))).x).toBeCloseTo(0.75, 1);
  expect((await scrolled(panes.nth(1))).y).toBeCloseTo(0.5, 1);

  // Unlinked, each pans alone.
  await page.getByLabel("Pan together").uncheck();
  await panes.nth(0).evaluate((el) => el.scrollTo({ left: 0, top: 0 }));
  await page.waitForTimeout(300);
  expect((await scrolled(panes.nth(1))).x).toBeCloseTo(0.75, 1);

  const pixel = page.getByRole("region", { name: "Pixel comparison" });
  await expect(pixel.getByLabel("Image A")).toHaveValue(ids[2]!);
  await expect(pixel.getByLabel("Image B")).toHaveValue(ids[1]!);
  await pixel.getByLabel("Image B").selectOption({ label: "3. Imagen 4 · Local simulator" });
  await expect(pixel.getByRole("img", { name: /^B: 3\. Imagen 4/ })).toBeVisible();
  await expect(pixel).toContainText("B is stretched to A’s size");

  await page.setViewportSize(PHONE);
  await page.getByLabel("Zoom (all images)").selectOption("fit");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await viewportShot(page, testInfo, "gallery-compare-390", "studio-gallery-compare-390");

  // A link with too few ids, or someone else's only, explains how to get here.
  await page.goto(`/gallery/compare?ids=${ids[0]}`);
  await expect(page.getByText(/Select 2 to 8 generations in the gallery/)).toBeVisible();
});

test("the models page says how to set up each provider, and where its key comes from", async ({ page }, testInfo) => {
  await page.setViewportSize(WIDE);
  await page.goto("/models#provider-fal");
  const fal = page.getByRole("listitem", { name: "fal.ai" });
  await expect(fal).toBeInViewport();
  await expect(fal).toContainText("not configured");
  await expect(fal).toContainText("FAL_KEY");
  await expect(fal.getByRole("link", { name: "fal dashboard: keys" })).toHaveAttribute("href", "https://fal.ai/dashboard/keys");
  const providers = page.getByRole("region", { name: "Providers" });
  for (const [name, variable] of [
    ["Vertex AI", "VERTEX_PROJECT and one of GOOGLE_APPLICATION_CREDENTIALS or VERTEX_ACCESS_TOKEN"],
    ["Gemini API", "GEMINI_API_KEY"],
    ["Replicate", "REPLICATE_API_TOKEN"],
    ["OpenAI", "OPENAI_API_KEY"],
    ["AIML API", "AIMLAPI_KEY"],
    ["apiframe", "APIFRAME_API_KEY"],
  ] as const) {
    const card = providers.getByRole("listitem", { name, exact: true });
    await expect(card, name).toContainText(variable);
    await expect(card.getByRole("link"), name).toHaveAttribute("href", /^https:\/\//);
  }
  await expect(providers.getByRole("listitem", { name: "Your own GPU server" })).toContainText("darkroom.providers.json");
  await providers.screenshot({ path: testInfo.outputPath("providers.png") });
  if (process.env.DARKROOM_SHOTS_DIR) copyFileSync(testInfo.outputPath("providers.png"), `${process.env.DARKROOM_SHOTS_DIR}/studio-models-providers-1440.png`);
});

test("every page fits a 390 px phone; screenshots of the main pages at both widths", async ({ browser, request }, testInfo) => {
  test.setTimeout(240_000);
  const word = uniqueWord("shot");
  const one = await generate(request, { model: "imagen-4.0-generate-001", prompt: `a lighthouse under the northern lights, watercolor ${word}`, seed: 41 });
  const two = await generate(request, { model: "flux-dev", prompt: `a lighthouse under the northern lights, watercolor ${word}`, seed: 42 });
  const pages: [string, string][] = [
    ["/", "playground"],
    ["/gallery", "gallery"],
    [`/gallery?q=lighthouses+${word}`, "gallery-search"],
    [`/gallery/${one}`, "gallery-detail"],
    [`/gallery/compare?ids=${one},${two}`, "gallery-compare-page"],
    ["/compare", "compare"],
    ["/models", "models"],
    ["/models/flux-dev", "model"],
    ["/arena", "arena"],
    ["/arena/leaderboard", "arena-leaderboard"],
    ["/arena/sets", "arena-sets"],
    ["/usage", "usage"],
    ["/no-such-page", "not-found"],
  ];
  const shots = new Set(["playground", "gallery", "gallery-search", "gallery-detail", "compare", "gallery-compare-page", "models"]);
  for (const [viewport, touch] of [[PHONE, true], [WIDE, false]] as const) {
    const context = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    for (const [path, name] of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      // Against the viewport asked for: a mobile browser widens innerWidth to fit content that overflows.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
      // Touch screens have no keys to press: no shortcut hint may show.
      if (touch) await expect(page.locator("kbd").or(page.getByText(/Ctrl\+|⌘/)).filter({ visible: true }), path).toHaveCount(0);
      if (shots.has(name)) await viewportShot(page, testInfo, `${name}-${viewport.width}`, `studio-${name}-${viewport.width}`);
    }
    await context.close();
  }
});

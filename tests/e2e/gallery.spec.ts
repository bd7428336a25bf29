import { expect, test, type Page } from "@playwright/test";
import { generate, uniqueWord } from "./fixtures/studio";

const grid = (page: Page) => page.getByRole("region", { name: "Generations" });
const tiles = (page: Page) => grid(page).getByRole("listitem");

test("generated images show up in the gallery: filter, search, detail, favorite, delete", async ({ page, request }) => {
  const word = uniqueWord("gal");
  await generate(request, { model: "imagen-4.0-generate-001", prompt: `a lighthouse at dusk ${word}`, seed: 11 });
  await generate(request, { model: "flux-dev", prompt: `a koi pond in the rain ${word}`, seed: 12, resolution: "0.5K" });
  await generate(request, { model: "gpt-image-1-mini", prompt: `a teapot on a windowsill ${word}`, seed: 13 });

  await page.goto("/gallery");
  await page.getByRole("searchbox", { name: "Search prompts" }).fill(word);
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  await expect(tiles(page)).toHaveCount(3);
  await expect(grid(page).getByRole("img", { name: /lighthouse at dusk/ })).toBeVisible();
  await expect(grid(page).getByText("Simulated").first()).toBeVisible();

  await page.getByLabel("Model", { exact: true }).selectOption("flux-dev");
  await expect(page).toHaveURL(/model=flux-dev/);
  await expect(tiles(page)).toHaveCount(1);
  await expect(grid(page).getByRole("img", { name: /koi pond/ })).toBeVisible();

  await page.getByLabel("Model", { exact: true }).selectOption("");
  await page.getByRole("searchbox", { name: "Search prompts" }).fill(`teapot ${word}`);
  await expect(page).toHaveURL(/q=teapot/);
  await expect(tiles(page)).toHaveCount(1);

  await grid(page).getByRole("link", { name: /teapot on a windowsill/ }).click();
  await expect(page).toHaveURL(/\/gallery\/gen_/);
  await expect(page.getByRole("heading", { level: 1, name: "GPT Image 1 Mini" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Prompt" })).toContainText(`a teapot on a windowsill ${word}`);
  await expect(page.getByRole("region", { name: "Details" })).toContainText("13");
  await expect(page.getByRole("region", { name: "Parameters" }).getByRole("rowheader", { name: "seed" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Attempts" })).toContainText("Local simulator");
  await expect(page.getByRole("link", { name: "Open in playground" })).toHaveAttribute("href", /model=gpt-image-1-mini.*seed=13/);
  await expect(page.getByRole("link", { name: "Compare this prompt" })).toHaveAttribute("href", /^\/compare\?prompt=.*seed=13/);
  const imageSrc = await page.getByRole("region", { name: "Images" }).getByRole("img").first().getAttribute("src");
  expect((await request.get(imageSrc!)).status()).toBe(200);
  await page.getByLabel("Download format").selectOption("webp");
  await expect(page.getByRole("link", { name: "Download" })).toHaveAttribute("href", /\.webp\?download$/);

  const favorite = page.getByRole("button", { name: "Favorite" });
  await expect(favorite).toHaveAttribute("aria-pressed", "false");
  await favorite.click();
  await expect(favorite).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByRole("button", { name: "Favorite" })).toHaveAttribute("aria-pressed", "true");
  const detailUrl = page.url();

  await page.goto(`/gallery?q=${word}&favorites=1`);
  await expect(tiles(page)).toHaveCount(1);

  await page.goto(detailUrl);
  await page.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this generation?" });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/gallery$/);

  await page.goto(`/gallery?q=${word}`);
  await page.reload();
  await expect(tiles(page)).toHaveCount(2);
  await expect(grid(page).getByRole("img", { name: /teapot/ })).toHaveCount(0);
  expect((await request.get(detailUrl)).status()).toBe(404);
  expect((await request.get(imageSrc!)).status()).toBe(404);
});

test("scrolling loads the next page; several generations can be favorited and deleted at once", async ({ page, request }) => {
  test.setTimeout(180_000);
  const word = uniqueWord("scroll");
  const total = 52;
  for (let start = 0; start < total; start += 4) {
    await Promise.all(
      Array.from({ length: Math.min(4, total - start) }, (_, i) =>
        generate(request, { model: "flux-dev", prompt: `scroll test ${start + i} ${word}`, resolution: "0.5K", seed: start + i }),
      ),
    );
  }

  await page.goto(`/gallery?q=${word}`);
  await expect(tiles(page)).toHaveCount(48);
  await page.getByRole("link", { name: "Load more" }).scrollIntoViewIfNeeded();
  await expect(tiles(page)).toHaveCount(total);
  await expect(page.getByText(`End of the gallery · ${total} generations`)).toBeVisible();

  // The last batch generated is on top (newest first).
  await page.getByRole("checkbox", { name: `Select: scroll test ${total - 1} ${word}` }).check();
  await page.getByRole("checkbox", { name: `Select: scroll test ${total - 2} ${word}` }).check();
  const toolbar = page.getByRole("toolbar", { name: "Selected generations" });
  await expect(toolbar).toContainText("2 selected");
  await toolbar.getByRole("button", { name: "Favorite", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added 2 generations to favorites" })).toBeVisible();
  await toolbar.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: "Delete 2 generations?" }).getByRole("button", { name: "Delete" }).click();
  await expect(tiles(page)).toHaveCount(total - 2);

  await page.goto(`/gallery?q=${word}&favorites=1`);
  await expect(page.getByText("No generations match these filters.")).toBeVisible();
  await page.goto(`/gallery?q=${word}&sort=oldest`);
  await expect(grid(page).getByRole("img").first()).toHaveAccessibleName(new RegExp(`^scroll test [0-3] ${word}$`));
});

test("a failed generation stays in the gallery as failed, with its reason", async ({ page, request }) => {
  const word = uniqueWord("fail");
  // The e2e server's simulator always fails flux-schnell (DARKROOM_SIMULATOR_FAILURE_RATE).
  const response = await request.post("/v1/images/generations", { data: { model: "flux-schnell", prompt: `a doomed castle ${word}` } });
  expect(response.ok()).toBeFalsy();
  await generate(request, { model: "flux-dev", prompt: `a fine castle ${word}`, resolution: "0.5K" });

  await page.goto(`/gallery?q=${word}`);
  await expect(tiles(page)).toHaveCount(2);
  await page.getByLabel("Status", { exact: true }).selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
  await expect(tiles(page)).toHaveCount(1);
  const failed = grid(page).getByRole("link", { name: /doomed castle/ });
  await expect(failed).toContainText("Failed");
  await expect(failed).toContainText("Simulated failure");

  await failed.click();
  await expect(page.getByText("This generation failed")).toBeVisible();
  await expect(page.getByRole("region", { name: "Attempts" })).toContainText("unavailable");
});

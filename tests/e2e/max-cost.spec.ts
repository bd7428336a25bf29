import { expect, test } from "@playwright/test";
import { startOpenAIFake, type OpenAIFake } from "../fakes/openai-fake";
import { startApp, type RunningApp } from "../helpers/app";

// Its own server with OpenAI configured (against the fake), so the estimate comes from the catalog's real
// OpenAI prices rather than the free simulator, and a max cost below it leaves no provider.

let fake: OpenAIFake;
let app: RunningApp;
const SHOTS = process.env.DARKROOM_SHOTS_DIR ?? "/tmp/shots";

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test.beforeAll(async () => {
  fake = await startOpenAIFake({ apiKey: "sk-e2e-max-cost" });
  app = await startApp({ OPENAI_API_KEY: "sk-e2e-max-cost", OPENAI_BASE_URL: fake.url, DARKROOM_SIMULATOR: "on" });
});
test.afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

test("a max cost below the cheapest quote is refused on the field; above it the image is made", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${app.url}/?model=gpt-image-2&quality=low`);
  await page.getByLabel("Prompt", { exact: true }).fill("a paper boat on a pond");
  const estimate = page.getByRole("region", { name: "Cost estimate" });
  await expect(estimate).toContainText("$0.008");
  await expect(estimate).toContainText("for 1 image at 1024x1024 on OpenAI");

  const maxCost = page.getByLabel("Max cost (USD)");
  await maxCost.fill("0.005");
  await expect(page.getByTestId("max-cost-fit")).toHaveText("Within $0.005: no provider; over it: OpenAI ($0.008)");
  await expect(page).toHaveURL(/max_cost=0\.005/);
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(page.locator("#max-cost-error")).toHaveText(
    "No provider can make this for $0.005 or less: the cheapest quote is $0.008 on OpenAI. Raise the max cost or clear it.",
  );
  await expect(maxCost).toHaveAttribute("aria-invalid", "true");
  await expect(maxCost).toBeFocused();
  expect(fake.requests).toHaveLength(0);
  for (const [label, width, height] of [["desktop", 1440, 900], ["phone", 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    // The sticky action bar covers the field until the form is scrolled to its end.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.screenshot({ path: `${SHOTS}/maxcost-${label}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The cap is part of the shareable link: a reload keeps it.
  await page.reload();
  await expect(maxCost).toHaveValue("0.005");

  await maxCost.fill("0.05");
  await expect(page.getByTestId("max-cost-fit")).toHaveText("Within $0.05: OpenAI ($0.008)");
  await page.getByLabel("Prompt", { exact: true }).fill("a paper boat on a pond");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(page.getByRole("region", { name: "Session history" }).getByRole("listitem")).toHaveCount(1);
  await expect(page.locator("#max-cost-error")).toHaveCount(0);
  expect(fake.requests.some((r) => r.path.endsWith("/images/generations"))).toBe(true);
});

test("compare: a target over the max cost is named on the field before anything runs; under it every target runs", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${app.url}/compare?targets=gpt-image-2,flux-dev&prompt=a%20paper%20boat&max_cost=0.001`);
  const maxCost = page.getByLabel("Max cost (USD)");
  await expect(maxCost).toHaveValue("0.001");
  const fit = page.getByTestId("max-cost-fit");
  await expect(fit).toContainText(/^Over the max cost: GPT Image 2 \(cheapest \$0\.\d+ on OpenAI\)$/);
  const quote = /cheapest (\$0\.\d+)/.exec((await fit.textContent()) ?? "")![1]!;
  const before = fake.requests.length;
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.locator("#compare-max-cost-error")).toHaveText(
    `No provider can make GPT Image 2 for $0.001 or less: the cheapest quote is ${quote} on OpenAI. Raise the max cost or remove that target.`,
  );
  await expect(page).toHaveURL(/\/compare\?/);
  expect(fake.requests.length).toBe(before);
  for (const [label, width, height] of [["desktop", 1440, 900], ["phone", 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/maxcost-compare-${label}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  await maxCost.fill("1");
  await expect(fit).toHaveText("Every target fits the max cost.");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(/\/compare\/cmp_[0-9a-z]{26}$/);
  const results = page.getByRole("region", { name: "Results" });
  await expect(results.getByRole("article", { name: "GPT Image 2", exact: true }).getByRole("img")).toBeVisible();
  await expect(results.getByRole("article", { name: "FLUX.1 [dev]", exact: true }).getByRole("img")).toBeVisible();
  expect(fake.requests.length).toBeGreaterThan(before);

  // The cap is saved with the comparison: its own link shows it and fills the field with it, without ?max_cost=.
  await expect(page.getByTestId("comparison-max-cost")).toHaveText(/· Max cost \$1\.00$/);
  await page.reload();
  await expect(page.getByTestId("comparison-max-cost")).toHaveText(/· Max cost \$1\.00$/);
  await expect(maxCost).toHaveValue("1");
});

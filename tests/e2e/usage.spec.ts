import { expect, test, type Page } from "@playwright/test";

const SHOTS = process.env.DARKROOM_SHOTS_DIR ?? "/tmp/shots";

async function shoot(page: Page, scheme: "light" | "dark") {
  await page.emulateMedia({ colorScheme: scheme });
  await page.reload();
  for (const [label, width, height] of [["desktop", 1440, 900], ["phone", 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/usage-${label}-${scheme}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("the usage page charts spend and images from real generations, regrouped by key and provider and over another range", async ({ page, request }) => {
  const created = await request.post("/v1/keys", { data: { name: "e2e usage key" } });
  expect(created.status(), await created.text()).toBe(201);
  const { key, id: keyId } = (await created.json()) as { key: string; id: string };
  const generations: [string, number, string | undefined][] = [["flux-dev", 31, undefined], ["imagen-4.0-fast-generate-001", 32, undefined], ["flux-dev", 33, key]];
  for (const [model, seed, bearer] of generations) {
    const response = await request.post("/v1/images/generations", {
      data: { model, prompt: `usage chart ${seed}`, seed },
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });
    expect(response.ok(), await response.text()).toBeTruthy();
  }

  await page.goto("/usage");
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  // The simulator is free: nothing to stack in the spend chart, so it says so; the image counts draw the bars.
  await expect(page.getByRole("figure", { name: "Spend by model" })).toContainText("Nothing spent in this range.");
  const images = page.getByRole("img", { name: "Images by model" });
  await expect(images.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(images.locator(".recharts-legend-item-text", { hasText: "flux-dev" })).toBeVisible();
  await expect(page.getByRole("region", { name: "What routing saved" })).toContainText("$0.0000");
  await expect(page.getByRole("img", { name: "Generations by outcome" })).toBeVisible();
  await expect(page.getByText("local/flux-dev").first()).toBeVisible();
  await expect(page.getByText("circuit closed").first()).toBeVisible();

  await page.getByLabel("Stack by", { exact: true }).selectOption("key");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/group_by=key/);
  const byKey = page.getByRole("img", { name: "Images by API key" });
  await expect(byKey.locator(".recharts-legend-item-text", { hasText: /^e2e usage key \(dk_.{8}…\)$/ })).toBeVisible();
  await expect(byKey.locator(".recharts-legend-item-text", { hasText: "no key" })).toBeVisible();
  await shoot(page, "light");
  await shoot(page, "dark");

  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Stack by", { exact: true }).selectOption("provider");
  await page.getByLabel("Range", { exact: true }).selectOption("7");
  await page.getByLabel("Bucket", { exact: true }).selectOption("week");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/group_by=provider/);
  await expect(page).toHaveURL(/range=7/);
  await expect(page.getByRole("img", { name: "Images by provider" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Images by provider" }).locator(".recharts-legend-item-text", { hasText: "local" })).toHaveCount(1);
  await expect(page.getByRole("img", { name: "Images by provider" }).locator(".recharts-cartesian-axis-tick-value", { hasText: "." })).toHaveCount(0);
  await expect(page.getByText(/over the last 7 days/)).toBeVisible();

  // Only this key's generation: the filter is in the URL too.
  await page.getByLabel("API key", { exact: true }).selectOption(keyId);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`key=${keyId}`));
  await expect(page.getByText(/on 1 image in 1 generation over/)).toBeVisible();
});

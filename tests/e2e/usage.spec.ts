import { expect, test } from "@playwright/test";

test("the usage page charts spend and images from real generations and regroups from the URL", async ({ page, request }) => {
  for (const [model, seed] of [["flux-dev", 31], ["imagen-4.0-fast-generate-001", 32]] as const) {
    const response = await request.post("/v1/images/generations", { data: { model, prompt: `usage chart ${seed}`, seed } });
    expect(response.ok(), await response.text()).toBeTruthy();
  }
  await page.goto("/usage");
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  const spend = page.getByRole("img", { name: "Spend by model" });
  await expect(spend).toBeVisible();
  // The simulator is free, so the spend bars have no height: the image counts draw the bars.
  const images = page.getByRole("img", { name: "Images by model" });
  await expect(images.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Generations by outcome" })).toBeVisible();
  await expect(page.getByText("local/flux-dev").first()).toBeVisible();

  await page.getByLabel("Stack by").selectOption("provider");
  await page.getByLabel("Range").selectOption("7");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/group_by=provider/);
  await expect(page).toHaveURL(/range=7/);
  await expect(page.getByRole("img", { name: "Spend by provider" })).toBeVisible();
  await expect(page.locator(".recharts-legend-item-text", { hasText: "local" })).toHaveCount(2);
});

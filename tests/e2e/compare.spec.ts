import { expect, test, type APIRequestContext, type Page, type Route } from "@playwright/test";
import { saveScreenshot, uniqueWord } from "./fixtures/studio";

const results = (page: Page) => page.getByRole("region", { name: "Results" });
const cell = (page: Page, name: string) => results(page).getByRole("article", { name, exact: true });
const FAILING = "FLUX.1 [schnell]";

/**
 * The simulator is one provider with one circuit breaker for all its models, and the e2e server makes
 * flux-schnell always fail: a few successful calls first keep those failures (three per run, retries
 * included) from opening the breaker for the other targets, and for the specs that run after this one.
 */
async function warmUpSimulator(request: APIRequestContext) {
  for (let seed = 0; seed < 6; seed++) {
    const response = await request.post("/v1/images/generations", { data: { model: "imagen-4.0-fast-generate-001", prompt: "warm-up", seed } });
    expect(response.ok(), await response.text()).toBeTruthy();
  }
}

/** Holds back the server action that runs the failing target, so its cell can be seen running. */
async function holdFailingTarget(page: Page): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const handler = async (route: Route) => {
    const request = route.request();
    const body = request.postData() ?? "";
    const held = request.method() === "POST" && (await request.headerValue("next-action")) && body.includes('"flux-schnell"]') && !body.includes("settings");
    if (!held) return route.continue();
    await released;
    await route.continue();
    markSent();
  };
  await page.route("**/*", handler);
  return async () => {
    release();
    await sent;
    await page.unroute("**/*", handler);
  };
}

async function imageSources(page: Page): Promise<string[]> {
  return results(page)
    .getByRole("img")
    .evaluateAll((images) => images.map((image) => image.getAttribute("src") ?? ""));
}

test("compares three targets in parallel, one failing; the shared link shows the same results; run again", async ({ page, context, request }, testInfo) => {
  await warmUpSimulator(request);
  const prompt = `a red bicycle against a blue wall ${uniqueWord("cmp")}`;

  await page.goto("/compare");
  const targets = page.getByRole("list", { name: "Targets" });
  await expect(targets.getByRole("listitem")).toHaveCount(2);
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByLabel("Seed", { exact: true }).fill("42");
  await page.getByLabel("Add a target").selectOption("flux-schnell");
  await expect(targets.getByRole("listitem")).toHaveCount(3);
  const estimate = page.getByRole("region", { name: "Cost estimate" });
  await expect(estimate).toContainText("Estimated total $0.00 for 3 targets, 3 on the simulator (free)");
  await saveScreenshot(page, testInfo, "1-ready");

  const releaseFailing = await holdFailingTarget(page);
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(/\/compare\/cmp_[0-9a-z]{26}$/);
  const sharedUrl = page.url();
  await expect(cell(page, "Imagen 4").getByRole("img")).toBeVisible();
  // The second default target is the first other active model: Google's flash image model, now 3.1.
  await expect(cell(page, "Gemini 3.1 Flash Image").getByRole("img")).toBeVisible();
  await expect(cell(page, FAILING).getByRole("status")).toContainText(/Running… \d/);
  await saveScreenshot(page, testInfo, "2-one-running");
  await releaseFailing();

  await expect(cell(page, FAILING).getByRole("alert")).toContainText("Simulated failure");
  await expect(results(page).getByRole("img")).toHaveCount(2);
  await expect(cell(page, "Imagen 4")).toContainText("Local simulator");
  await expect(cell(page, "Imagen 4")).toContainText("Simulated");
  await expect(cell(page, "Imagen 4")).toContainText("1024 × 1024");
  await expect(cell(page, "Imagen 4").getByRole("definition").filter({ hasText: /^42$/ })).toBeVisible();
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary).toContainText("Cheapest");
  await expect(summary).toContainText("Fastest");
  await expect(summary).toContainText("Total cost$0.00");
  await expect(summary).toContainText("2 of 3");
  const sources = await imageSources(page);
  await saveScreenshot(page, testInfo, "3-results");

  await cell(page, "Imagen 4").getByRole("link", { name: /^Imagen 4:/ }).click();
  const viewer = page.getByRole("dialog", { name: /Imagen 4/ });
  await expect(viewer.getByRole("img")).toHaveAttribute("src", sources[0]!);
  await viewer.getByRole("button", { name: "Close" }).click();
  await expect(viewer).toBeHidden();

  const pixels = page.getByRole("region", { name: "Pixel comparison" });
  await expect(pixels.getByLabel("Image A")).toHaveValue("imagen-4.0-generate-001");
  await pixels.getByLabel("Divider position").fill("20");
  await pixels.getByLabel("Flicker").check();
  await expect(pixels.getByRole("button", { name: "Pause flicker" })).toBeVisible();

  const shared = await context.newPage();
  await shared.goto(sharedUrl);
  await expect(shared.getByRole("link", { name: sharedUrl })).toBeVisible();
  await expect(results(shared)).toContainText(prompt);
  await expect(results(shared).getByRole("img")).toHaveCount(2);
  expect(await imageSources(shared)).toEqual(sources);
  await expect(cell(shared, FAILING).getByRole("alert")).toContainText("Simulated failure");
  await expect(shared.getByRole("list", { name: "Recent comparisons" }).getByRole("link", { name: new RegExp(prompt) })).toHaveCount(1);
  await saveScreenshot(shared, testInfo, "4-shared");

  await shared.getByRole("button", { name: "Run again" }).click();
  // Wait for the new comparison's URL: the old one already matches the pattern.
  await expect(shared).not.toHaveURL(sharedUrl);
  await expect(shared).toHaveURL(/\/compare\/cmp_[0-9a-z]{26}$/);
  await expect(results(shared).getByRole("img")).toHaveCount(2);
  await expect(cell(shared, FAILING).getByRole("alert")).toContainText("Simulated failure");
  expect(await imageSources(shared)).not.toEqual(sources);
  await expect(shared.getByRole("list", { name: "Recent comparisons" }).getByRole("link", { name: new RegExp(prompt) })).toHaveCount(2);
  await saveScreenshot(shared, testInfo, "5-run-again");
});

test("takes the prompt and seed from the link, as the gallery's “compare this prompt” sends them", async ({ page }) => {
  await page.goto("/compare?prompt=a%20quiet%20harbour&seed=7");
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue("a quiet harbour");
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue("7");
  await expect(page.getByRole("list", { name: "Targets" }).getByRole("listitem")).toHaveCount(2);
});

test("a pinned provider that is not configured fails with its reason, before running and on the shared link", async ({ page }) => {
  await page.goto(`/compare?prompt=${uniqueWord("pin")}`);
  await page.getByLabel("Add a target").selectOption("fal/flux-dev");
  const pinned = page.getByRole("list", { name: "Targets" }).getByRole("listitem").filter({ hasText: "fal/flux-dev" });
  await expect(pinned).toContainText("not configured");
  await expect(pinned).toContainText("Will fail: The provider 'fal' is not configured on this server");
  await expect(page.getByRole("region", { name: "Cost estimate" })).toContainText("1 will fail before reaching a provider");

  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(results(page).getByRole("img")).toHaveCount(2);
  const failed = cell(page, "FLUX.1 [dev] on fal.ai").getByRole("alert");
  await expect(failed).toContainText("The provider 'fal' is not configured on this server");

  await page.reload();
  await expect(results(page).getByRole("img")).toHaveCount(2);
  await expect(failed).toContainText("The provider 'fal' is not configured on this server");
});

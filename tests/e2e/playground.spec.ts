import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { holdNextServerAction, saveScreenshot } from "./fixtures/studio";

const run = promisify(execFile);

const generateButton = (page: Page) => page.getByRole("button", { name: "Generate", exact: true });
const promptField = (page: Page) => page.getByLabel("Prompt", { exact: true });
const result = (page: Page) => page.getByRole("region", { name: "Result" });
const firstImage = (page: Page) => result(page).getByRole("figure").first();
const historyItems = (page: Page) => page.getByRole("region", { name: "Session history" }).getByRole("listitem");

test("generates, changes the aspect ratio, reproduces a seed and keeps the form in the URL", async ({ page, request }, testInfo) => {
  await page.goto("/");
  await expect(page.getByText("Simulated images: configure a provider key to generate real ones")).toBeVisible();

  await promptField(page).fill('A lighthouse at dusk, the word "Darkroom" on its wall');
  const estimate = page.getByRole("region", { name: "Cost estimate" });
  await expect(estimate).toContainText("Estimated cost");
  await expect(estimate).toContainText("$0.00");
  await expect(estimate).toContainText("1 image at 1024x1024 on Local simulator");
  await saveScreenshot(page, testInfo, "1-ready");

  await generateButton(page).click();
  await expect(historyItems(page)).toHaveCount(1);
  await expect(firstImage(page)).toContainText("1024 × 1024");
  const summary = result(page).getByRole("definition");
  await expect(summary.filter({ hasText: "Local simulator" })).toContainText("Simulated");
  await expect(summary.filter({ hasText: "$" })).toHaveText("$0.00");
  await expect(summary.filter({ hasText: /\d+(\.\d)? m?s$/ })).toBeVisible();
  const pixels = await firstImage(page)
    .getByRole("img")
    .evaluate(async (img: HTMLImageElement) => (await img.decode(), [img.naturalWidth, img.naturalHeight]));
  expect(pixels).toEqual([1024, 1024]);
  await saveScreenshot(page, testInfo, "2-result");

  await page.getByLabel("Aspect ratio").selectOption("16:9");
  await expect(estimate).toContainText("1408x768");
  await promptField(page).press("Control+Enter");
  await expect(historyItems(page)).toHaveCount(2);
  await expect(firstImage(page)).toContainText("1408 × 768");

  const seedText = (await firstImage(page).getByText(/^Seed \d+$/).textContent())!;
  const seed = seedText.replace("Seed ", "");
  const firstSrc = (await firstImage(page).getByRole("img").getAttribute("src"))!;
  await firstImage(page).getByRole("button", { name: "Use these settings" }).click();
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue(seed);
  await expect(page.getByLabel("Random")).not.toBeChecked();
  await generateButton(page).click();
  await expect(historyItems(page)).toHaveCount(3);
  await expect(firstImage(page)).toContainText(seedText);
  const secondSrc = (await firstImage(page).getByRole("img").getAttribute("src"))!;
  expect(secondSrc).not.toBe(firstSrc);
  const [a, b] = await Promise.all([request.get(firstSrc), request.get(secondSrc)]);
  expect(Buffer.compare(await a.body(), await b.body())).toBe(0);

  await expect(page).toHaveURL(new RegExp(`seed=${seed}`));
  await page.reload();
  await expect(promptField(page)).toHaveValue('A lighthouse at dusk, the word "Darkroom" on its wall');
  await expect(page.getByLabel("Aspect ratio")).toHaveValue("16:9");
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue(seed);
  await expect(firstImage(page)).toContainText(seedText);
  await expect(firstImage(page).getByRole("link", { name: "Open in gallery" })).toHaveAttribute("href", /^\/gallery\/gen_/);
});

test("shows progress while generating, keeps the form usable, and cancels", async ({ page }, testInfo) => {
  await page.goto("/?prompt=A+slow+sunrise&n=3");
  await expect(page.getByRole("region", { name: "Cost estimate" })).toContainText("3 images");

  const slow = await holdNextServerAction(page);
  await generateButton(page).click();
  await slow.held;
  await expect(page.getByRole("status").filter({ hasText: "Generating 3 images…" })).toBeVisible();
  await expect(page.getByRole("img", { name: /generating/ })).toHaveCount(3);
  await expect(generateButton(page)).toBeDisabled();
  await page.getByLabel("Negative prompt").fill("clouds");
  await expect(page.getByLabel("Negative prompt")).toHaveValue("clouds");
  await saveScreenshot(page, testInfo, "1-generating");

  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Generation cancelled." })).toBeVisible();
  await expect(page.getByRole("img", { name: /generating/ })).toHaveCount(0);
  await expect(generateButton(page)).toBeEnabled();
  await slow.release();
  await expect(result(page)).toHaveCount(0);
  await saveScreenshot(page, testInfo, "2-cancelled");

  await generateButton(page).click();
  await expect(result(page).getByRole("figure")).toHaveCount(3);
});

test("the code panel's curl command runs against the server", async ({ page, baseURL }) => {
  await page.goto("/?prompt=It's+a+test&aspect_ratio=3:4&resolution=1K&seed=42&output_format=webp");
  const code = page.getByRole("region", { name: "Code" });
  await code.getByRole("tab", { name: "curl" }).click();
  const command = await code.getByRole("tabpanel").innerText();
  expect(command).toContain(`${baseURL}/v1/images/generations`);

  const { stdout } = await run("sh", ["-c", command], { env: { ...process.env, DARKROOM_API_KEY: "unused" } });
  const body = JSON.parse(stdout);
  expect(body.size).toBe("896x1280");
  expect(body.output_format).toBe("webp");
  expect(body.darkroom.model).toBe("imagen-4.0-generate-001");
  expect(body.darkroom.seeds).toEqual([42]);
  expect(body.darkroom.simulated).toBe(true);
  expect(body.data[0].url).toMatch(/\/images\/img_\w+\.webp$/);

  await page.getByLabel("Aspect ratio").selectOption("16:9");
  await code.getByRole("tab", { name: "Python" }).click();
  await expect(code.getByRole("tabpanel")).toContainText('extra_body={"aspect_ratio": "16:9", "resolution": "1K", "seed": 42}');
  await code.getByRole("tab", { name: "JavaScript" }).click();
  await expect(code.getByRole("tabpanel")).toContainText(`baseURL: "${baseURL}/v1"`);
});

test("a validation error appears next to its field", async ({ page }, testInfo) => {
  await page.goto("/");
  await promptField(page).fill("   ");
  await generateButton(page).click();
  await expect(promptField(page)).toHaveAttribute("aria-invalid", "true");
  await expect(promptField(page)).toHaveAccessibleDescription(/prompt must not be empty/);
  await expect(promptField(page)).toBeFocused();
  await saveScreenshot(page, testInfo, "validation-error");
  await promptField(page).fill("Now with words");
  await expect(promptField(page)).not.toHaveAttribute("aria-invalid", "true");
});

test("the model picker searches, shows prices and pins a provider", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /^Model/ }).click();
  await page.getByLabel("Search models").fill("gpt mini");
  const options = page.getByRole("list", { name: "Models" }).getByRole("button");
  await expect(options).toHaveCount(1);
  await expect(options).toContainText("GPT Image 1 Mini");
  await expect(options).toContainText("$0.00 / image");
  await options.click();
  await expect(page.getByLabel("Quality")).toBeVisible();
  await page.getByLabel("Provider").selectOption("local");
  await expect(page).toHaveURL(/model=local%2Fgpt-image-1-mini/);
  await expect(page.getByRole("option", { name: /OpenAI.*not configured/ })).toBeDisabled();
  await promptField(page).fill("A paper crane");
  await generateButton(page).click();
  await expect(historyItems(page)).toHaveCount(1);
  await expect(firstImage(page)).toContainText("1024 × 1024");
  await expect(result(page)).toContainText("gpt-image-1-mini");
});

test("dark mode follows the system until toggled, and the choice is remembered", async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const html = page.locator("html");
  const toggle = page.getByRole("button", { name: "Dark mode" });
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");

  await toggle.click();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await saveScreenshot(page, testInfo, "light");
  await page.reload();
  await expect(html).not.toHaveClass(/\bdark\b/);

  await page.getByRole("button", { name: "Dark mode" }).click();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await saveScreenshot(page, testInfo, "dark");
});

test("the models pages list the catalog and a model's schema", async ({ page }) => {
  await page.goto("/models");
  await expect(page.getByRole("heading", { level: 1, name: "Models" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Imagen 4 Fast/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Providers" })).toContainText("DARKROOM_SIMULATOR");

  await page.getByRole("link", { name: "Imagen 4 Fast", exact: true }).click();
  await expect(page).toHaveURL(/\/models\/imagen-4.0-fast-generate-001$/);
  const parameters = page.getByRole("table", { name: "Parameters" });
  await expect(parameters.getByRole("rowheader", { name: /negative_prompt/ })).toBeVisible();
  await expect(parameters).toContainText("parameters.negativePrompt");
  await expect(page.getByRole("region", { name: "Code examples" }).getByRole("tabpanel")).toContainText('"model": "imagen-4.0-fast-generate-001"');
});

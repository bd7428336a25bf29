import { expect, test } from "@playwright/test";
import { startOwnServer } from "./fixtures/own-server";

// One simulator call at a time, each taking 5 s, four images per call: n=8 is two calls, so the first
// four images are stored (and must show) about five seconds before the last four (room for a busy machine).
let server: Awaited<ReturnType<typeof startOwnServer>>;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  server = await startOwnServer(Number(process.env.DARKROOM_E2E_STREAM_PORT ?? 3117), {
    DARKROOM_SIMULATOR_LATENCY_MS: "5000",
    DARKROOM_PROVIDER_CONCURRENCY: "1",
    DARKROOM_DEFAULT_MODEL: "imagen-4.0-fast-generate-001",
  });
});

test.afterAll(() => server?.stop());

test("shows each image as soon as it is stored, before the rest of the generation is done", async ({ page }) => {
  await page.goto(`${server.baseURL}/`);
  await page.getByLabel("Prompt", { exact: true }).fill("A paper crane on a desk, morning light");
  await page.getByLabel("Images", { exact: true }).fill("8");
  await page.getByRole("button", { name: "Generate", exact: true }).click();

  const progress = page.getByRole("region", { name: "Generation in progress" });
  // The first call's four images show while the second call's four are still being made.
  await expect(progress.getByRole("status")).toContainText("4 of 8 ready");
  await expect(progress.getByRole("img", { name: /Image [1-4] of 8, ready/ })).toHaveCount(4);
  await expect(progress.getByRole("img", { name: "Image 8 of 8, generating" })).toBeVisible();
  const decoded = await progress
    .getByRole("img", { name: "Image 1 of 8, ready" })
    .evaluate(async (img: HTMLImageElement) => (await img.decode(), [img.naturalWidth, img.naturalHeight]));
  expect(decoded[0]).toBeGreaterThan(0);

  // Then the finished generation replaces the previews with its stored images.
  const result = page.getByRole("region", { name: "Result" });
  await expect(result.getByRole("figure")).toHaveCount(8, { timeout: 20_000 });
  await expect(progress).toHaveCount(0);
});

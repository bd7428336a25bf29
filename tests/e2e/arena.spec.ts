import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./fixtures/studio";

// flux-schnell always fails on the e2e server; a fixed roster keeps the arena's draws to working models.
const ROSTER = ["flux-dev", "gpt-image-1", "imagen-4.0-fast-generate-001"];
const KEYS = ["1", "2", "3", "4", "1"];

test("vote through five battles with the keyboard; names only after each vote; the board and a model page's arena line", async ({ page, request }, testInfo) => {
  await page.goto(`/arena?roster=${ROSTER.join(",")}`);
  const main = page.getByRole("main");
  const revealed = page.getByRole("region", { name: "Revealed contestants" });
  for (const [i, key] of KEYS.entries()) {
    await expect(page.getByRole("button", { name: "A better" })).toBeEnabled({ timeout: 30_000 });
    await expect(page.getByRole("button", { name: "B better" })).toBeEnabled();
    await expect(page.getByRole("button", { name: "Tie" })).toBeEnabled();
    await expect(page.getByRole("button", { name: "Both bad" })).toBeEnabled();
    await expect(revealed).toHaveCount(0);
    const text = (await main.innerText()).toLowerCase();
    for (const id of [...ROSTER, "simulator", "local"]) expect(text).not.toContain(id);
    for (const img of await page.getByRole("img", { name: /^Image [AB]$/ }).all()) {
      expect(await img.getAttribute("src")).toMatch(/^\/v1\/arena\/battles\/bat_[0-9a-z]+\/images\/(left|right)$/);
    }
    await page.keyboard.press(key);
    await expect(revealed).toBeVisible();
    const names = [await revealed.getByTestId("reveal-A").innerText(), await revealed.getByTestId("reveal-B").innerText()];
    expect(names[0]).not.toBe(names[1]);
    for (const name of names) expect(ROSTER).toContain(name);
    await expect(page.getByRole("button", { name: "A better" })).toBeDisabled();
    if (i === KEYS.length - 1) await saveScreenshot(page, testInfo, "arena-revealed");
    await page.keyboard.press("n");
  }

  await page.goto("/arena/leaderboard");
  const board = page.getByRole("region", { name: "Board overall" });
  await expect(board.getByRole("row")).not.toHaveCount(1);
  const contestants = await board.locator("tbody td:nth-child(2)").allInnerTexts();
  expect(contestants.length).toBeGreaterThanOrEqual(2);
  for (const c of contestants) expect(ROSTER).toContain(c);
  await saveScreenshot(page, testInfo, "arena-leaderboard");

  // Enough imported votes for flux-dev to be ranked, then its model page shows the line.
  const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ model_a: "flux-dev", model_b: "gpt-image-1", winner: i < 4 ? "model_a" : "model_b", tstamp: 1_700_000_000 + i }));
  const imported = await request.post("/v1/arena/battles/import", { headers: { "content-type": "application/x-ndjson" }, data: lines.join("\n") });
  expect(imported.status()).toBe(201);
  await page.goto("/models/flux-dev");
  const line = page.getByTestId("arena-line");
  await expect(line).toHaveText(/Arena \d+ \(95% CI \d+–\d+\) · Record \d+W \/ \d+L \/ \d+T \(\d+ battles\) · Rank #\d+ of \d+/);
  await line.getByRole("link", { name: "Arena leaderboard" }).click();
  await expect(page).toHaveURL(/\/arena\/leaderboard/);
});

import { expect, test, type Browser, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "../helpers/app";
import { acceptInvite, ADMIN, createFirstAdmin, issueInvite, MEMBER, newUserPage } from "./fixtures/accounts";

// Its own server with accounts on (as accounts.spec.ts): an admin and a member, for the per-user budget form
// on /settings/users and the arena leaderboard's votes filter (?user=).

let app: RunningApp;
const ROSTER = ["flux-dev", "gpt-image-1", "imagen-4.0-fast-generate-001"];
const SHOTS = process.env.DARKROOM_SHOTS_DIR ?? "/tmp/shots";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let adminPage: Page;
let memberPage: Page;

/** Setup makes the admin; the admin invites the member, who picks a password through the link. */
async function adminAndMember(browser: Browser): Promise<void> {
  adminPage = await newUserPage(browser);
  await createFirstAdmin(adminPage, app, ADMIN);
  await adminPage.goto(`${app.url}/settings/users`);
  const link = await issueInvite(adminPage, MEMBER);
  memberPage = await newUserPage(browser);
  await acceptInvite(memberPage, link, MEMBER);
}

/** Votes `times` battles in the arena as the page's user ("A better" each time). */
async function vote(page: Page, times: number): Promise<void> {
  await page.goto(`${app.url}/arena?roster=${ROSTER.join(",")}`);
  const revealed = page.getByRole("region", { name: "Revealed contestants" });
  for (let i = 0; i < times; i++) {
    await expect(page.getByRole("button", { name: "A better" })).toBeEnabled({ timeout: 30_000 });
    await page.getByRole("button", { name: "A better" }).click();
    await expect(revealed).toBeVisible();
    await page.keyboard.press("n");
    await expect(revealed).toHaveCount(0);
  }
}

test.beforeAll(async ({ browser }) => {
  app = await startApp({ HOST: "0.0.0.0", DARKROOM_SIMULATOR: "on", DARKROOM_DEFAULT_MODEL: "flux-dev" });
  await adminAndMember(browser);
});
test.afterAll(() => app?.dispose());

test("an admin sets a member's monthly budget on /settings/users, sees it saved, and a bad amount is refused", async () => {
  await adminPage.goto(`${app.url}/settings/users`);
  const row = adminPage.getByRole("row", { name: new RegExp(MEMBER.email) });
  const budget = row.getByLabel(`Monthly budget of ${MEMBER.email} (USD)`);
  await expect(budget).toHaveValue("");
  await expect(row).toContainText("$0.00 this month");

  await budget.fill("-3");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("alert")).toHaveText("A budget cannot be negative");

  await budget.fill("25");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText("Saved");
  await expect(row.getByRole("alert")).toHaveCount(0);
  await adminPage.reload();
  await expect(row.getByLabel(`Monthly budget of ${MEMBER.email} (USD)`)).toHaveValue("25");
  // The admin's own budget is untouched.
  await expect(adminPage.getByRole("row", { name: new RegExp(ADMIN.email) }).getByLabel(`Monthly budget of ${ADMIN.email} (USD)`)).toHaveValue("");
  await adminPage.screenshot({ path: `${SHOTS}/accounts-user-budget-desktop.png`, fullPage: true });

  // Cleared, it is no limit again.
  await row.getByLabel(`Monthly budget of ${MEMBER.email} (USD)`).fill("");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText("Saved");
  await adminPage.reload();
  await expect(row.getByLabel(`Monthly budget of ${MEMBER.email} (USD)`)).toHaveValue("");
});

test("the arena leaderboard's votes filter: an admin narrows the board to a member's votes; a member only to their own", async () => {
  await vote(memberPage, 2);
  await vote(adminPage, 1);

  await adminPage.goto(`${app.url}/arena/leaderboard`);
  const votes = adminPage.getByRole("navigation", { name: "Votes" });
  const header = adminPage.getByRole("main").locator("header");
  await expect(votes.getByRole("link", { name: "Everyone" })).toHaveAttribute("aria-current", "page");
  await expect(header).toContainText(/\b3 battles/);

  await votes.getByRole("link", { name: MEMBER.name }).click();
  await expect(adminPage).toHaveURL(/[?&]user=(?!me\b)[^&]+/);
  await expect(votes.getByRole("link", { name: MEMBER.name })).toHaveAttribute("aria-current", "page");
  await expect(header).toContainText(/\b2 battles/);
  const memberId = new URL(adminPage.url()).searchParams.get("user")!;
  // A board link keeps the filter.
  await expect(adminPage.getByRole("navigation", { name: "Boards" }).getByRole("link").first()).toHaveAttribute("href", new RegExp(`user=${encodeURIComponent(memberId)}`));
  await adminPage.screenshot({ path: `${SHOTS}/arena-votes-filter-desktop.png`, fullPage: true });

  await votes.getByRole("link", { name: "Mine" }).click();
  await expect(adminPage).toHaveURL(/[?&]user=me/);
  await expect(header).toContainText(/\b1 battles/);

  // A member sees Everyone and Mine only, and naming someone else is refused with the overall board.
  await memberPage.goto(`${app.url}/arena/leaderboard?user=me`);
  const memberVotes = memberPage.getByRole("navigation", { name: "Votes" });
  await expect(memberVotes.getByRole("link")).toHaveText(["Everyone", "Mine"]);
  await expect(memberPage.getByRole("main").locator("header")).toContainText(/\b2 battles/);
  await memberPage.goto(`${app.url}/arena/leaderboard?user=someone-else`);
  await expect(memberPage.getByRole("main").getByRole("alert")).toHaveText("You can filter a board by your own votes only (user=me)");
  await expect(memberPage.getByRole("main").locator("header")).toContainText(/\b3 battles/);
});

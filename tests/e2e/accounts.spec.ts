import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import { startApp, type RunningApp } from "../helpers/app";
import { acceptInvite, ADMIN, createFirstAdmin, expectSignedIn, issueInvite, MEMBER, newUserPage, signIn, submitSignIn } from "./fixtures/accounts";

// Its own server, bound to a non-loopback address: making the admin turns accounts on, which the shared
// server of the other specs must never see. Setup → sign in → invite → the member opens the link, picks a
// password and sees only their own gallery.

let app: RunningApp;
const SHOTS = process.env.DARKROOM_SHOTS_DIR ?? "/tmp/shots";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

test.beforeAll(async () => {
  app = await startApp({ HOST: "0.0.0.0", DARKROOM_SIMULATOR: "on", DARKROOM_DEFAULT_MODEL: "flux-dev" });
});
test.afterAll(() => app?.dispose());

async function shoot(page: Page, name: string) {
  for (const [label, width, height] of [["desktop", 1440, 900], ["phone", 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/accounts-${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function generateAs(page: Page, prompt: string): Promise<string> {
  const res = await page.request.post(`${app.url}/v1/images/generations`, { data: { prompt, response_format: "url" }, headers: { origin: app.url } });
  expect(res.ok(), await res.text()).toBeTruthy();
  return ((await res.json()) as { darkroom: { id: string } }).darkroom.id;
}

const tileLink = (page: Page, id: string) => page.locator(`a[href="/gallery/${id}"]`);

test("setup, sign in, invite a member who sees only their own gallery", async ({ browser }) => {
  const adminPage = await newUserPage(browser);
  await createFirstAdmin(adminPage, app, ADMIN);

  // Sign out and back in through the form.
  await adminPage.getByRole("button", { name: "Sign out" }).click();
  await expect(adminPage).toHaveURL(/\/sign-in$/);
  await shoot(adminPage, "sign-in");
  await submitSignIn(adminPage, { email: ADMIN.email, password: "not the password" });
  await expect(adminPage.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password");
  await submitSignIn(adminPage, ADMIN);
  await expectSignedIn(adminPage, ADMIN);
  const adminGeneration = await generateAs(adminPage, "the admin's lighthouse");

  // Invite the member.
  await adminPage.getByRole("link", { name: "Users" }).click();
  await expect(adminPage.getByRole("heading", { name: "Users" })).toBeVisible();
  const link = await issueInvite(adminPage, MEMBER);
  await adminPage.reload();
  await expect(adminPage.getByRole("row", { name: new RegExp(MEMBER.email) })).toContainText("Invited");
  await shoot(adminPage, "users");

  // The member opens the link in their own browser, picks a password and is signed in.
  const memberPage = await newUserPage(browser);
  await acceptInvite(memberPage, link, MEMBER);
  await expect(memberPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  const memberGeneration = await generateAs(memberPage, "the member's harbour");

  await memberPage.goto(`${app.url}/gallery`);
  await expect(tileLink(memberPage, memberGeneration).first()).toBeVisible();
  await expect(tileLink(memberPage, adminGeneration)).toHaveCount(0);
  const missing = await memberPage.goto(`${app.url}/gallery/${adminGeneration}`);
  expect(missing?.status()).toBe(404);

  // The link worked once.
  const again = await newUserPage(browser);
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This link no longer works" })).toBeVisible();

  // The admin sees both, and the member's alone with the user filter.
  await adminPage.goto(`${app.url}/gallery`);
  await expect(tileLink(adminPage, memberGeneration).first()).toBeVisible();
  await expect(tileLink(adminPage, adminGeneration).first()).toBeVisible();
  await adminPage.getByLabel("User").selectOption({ label: `${MEMBER.name} (${MEMBER.email})` });
  await adminPage.getByRole("button", { name: "Show" }).click();
  await expect(adminPage).toHaveURL(/user=/);
  await expect(tileLink(adminPage, adminGeneration)).toHaveCount(0);
  await expect(tileLink(adminPage, memberGeneration).first()).toBeVisible();

  // A public link opens the admin's generation signed out, images included; switched off it is gone.
  await adminPage.goto(`${app.url}/gallery/${adminGeneration}`);
  // The switch turns once the server has made (or withdrawn) the link.
  await adminPage.getByRole("switch", { name: /Public link/ }).click();
  await expect(adminPage.getByRole("switch", { name: /Public link/ })).toBeChecked();
  const shareUrl = await adminPage.getByTestId("share-link").getAttribute("href");
  expect(shareUrl).toMatch(/\/share\/[\w-]{40,}$/);
  const stranger = await newUserPage(browser);
  await stranger.goto(shareUrl!);
  await expect(stranger.getByText("the admin's lighthouse")).toBeVisible();
  const picture = stranger.getByRole("img", { name: /shared generation/ }).first();
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await shoot(stranger, "share");
  await shoot(adminPage, "detail-shared");
  await adminPage.getByRole("switch", { name: /Public link/ }).click();
  await expect(adminPage.getByRole("switch", { name: /Public link/ })).not.toBeChecked();
  await expect(adminPage.getByTestId("share-link")).toHaveCount(0);
  expect((await stranger.goto(shareUrl!))?.status()).toBe(404);

  // Disabling the member signs them out at once.
  await adminPage.goto(`${app.url}/settings/users`);
  await adminPage.getByRole("button", { name: `Disable ${MEMBER.email}` }).click();
  await expect(adminPage.getByRole("row", { name: new RegExp(MEMBER.email) })).toContainText("Disabled");
  await memberPage.goto(`${app.url}/gallery`);
  await expect(memberPage).toHaveURL(/\/sign-in$/);
});

test("the admin creates an API key, the official openai SDK uses it, and revoking it answers 401", async ({ browser }) => {
  const page = await newUserPage(browser);
  await signIn(page, app, ADMIN);

  await page.goto(`${app.url}/settings/keys`);
  const form = page.getByRole("form", { name: "Create API key" });
  await form.getByLabel("Name").fill("sdk test");
  await form.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^dk_/);
  const row = page.getByRole("row", { name: /sdk test/ });
  await expect(row).toContainText(key.slice(0, 8));
  await shoot(page, "keys");

  // From this test process, as any API client would: no cookie, only the key.
  const client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: key, maxRetries: 0 });
  const made = await client.images.generate({ model: "flux-dev", prompt: "a key-signed lighthouse", size: "1024x1024" });
  expect(made.data?.[0]?.url ?? made.data?.[0]?.b64_json).toBeTruthy();

  await row.getByRole("button", { name: "Revoke sdk test" }).click();
  await expect(row).toContainText("Revoked");
  const refused = await client.images.generate({ model: "flux-dev", prompt: "after revoking" }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
  expect((refused as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
});

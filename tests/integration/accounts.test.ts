import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "better-auth/crypto";
import { startApp, type RunningApp } from "../helpers/app";
import { queryStoppedAppDb } from "../helpers/db";

// The built app bound to a non-loopback address: first only setup answers; once an admin exists every
// surface wants a session (pages redirect to sign-in) or a key.

let app: RunningApp;
const EMAIL = "admin@example.com";
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  app = await startApp({ HOST: "0.0.0.0", DARKROOM_SIMULATOR: "on" });
}, 120_000);
afterAll(() => app?.dispose());

const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

describe("accounts mode on the built app", () => {
  it("before an admin exists only /setup answers, with a token printed in the log", async () => {
    expect(app.logs()).toMatch(/Setup token: [\w-]{20,}/);
    const home = await get("/");
    expect([303, 307, 308]).toContain(home.status);
    expect(home.headers.get("location")).toMatch(/\/setup$/);
    expect((await get("/setup")).status).toBe(200);
    const models = await get("/v1/models");
    expect(models.status).toBe(503);
    expect((await models.json()).error.code).toBe("setup_required");
    expect((await get("/images/img_nothing.png")).status).toBe(503);
  });

  it("with an admin: pages redirect to sign-in, API and files answer 401 without a session; a session opens them", async () => {
    await app.stop();
    const hash = await hashPassword(PASSWORD);
    await queryStoppedAppDb(app, `INSERT INTO "AuthUser" (id, name, email, "emailVerified", role) VALUES ('u_admin', 'Admin', '${EMAIL}', true, 'admin')`);
    await queryStoppedAppDb(app, `INSERT INTO "AuthAccount" (id, "accountId", "providerId", "userId", password) VALUES ('a_admin', 'u_admin', 'credential', 'u_admin', '${hash}')`);
    await app.start();
    for (const page of ["/", "/gallery", "/compare", "/usage", "/settings/keys"]) {
      const res = await get(page);
      expect(res.headers.get("location"), page).toMatch(/\/sign-in$/);
    }
    expect((await get("/v1/models")).status).toBe(401);
    expect((await get("/v1/generations")).status).toBe(401);
    expect((await get("/images/img_nothing.png")).status).toBe(401);
    expect((await get("/images/thumbs/img_nothing.webp")).status).toBe(401);

    const wrong = await fetch(`${app.url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: app.url }, body: JSON.stringify({ email: EMAIL, password: "not the password" }) });
    expect(wrong.status, await wrong.clone().text()).toBe(401);
    const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: app.url }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    expect((await get("/", cookie)).status).toBe(200);
    expect((await get("/settings/keys", cookie)).status).toBe(200);
    expect((await get("/v1/models", cookie)).status).toBe(200);
  });
});

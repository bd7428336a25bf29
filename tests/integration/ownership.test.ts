import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "better-auth/crypto";
import { startApp, type RunningApp } from "../helpers/app";
import { queryStoppedAppDb } from "../helpers/db";

// Accounts on (non-loopback bind, an admin and a member): server actions refuse a caller without a session
// and bill nothing; a member sees only their own generations in the gallery, the API and the image files;
// disabling a member stops their session and their API key at once.

let app: RunningApp;
const PASSWORD = "correct horse battery";
const MEMBER_KEY = `dk_${"m".repeat(43)}`;
let admin: string;
let member: string;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${app.url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: app.url }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

const get = (path: string, auth?: { cookie?: string; key?: string }) =>
  fetch(`${app.url}${path}`, { redirect: "manual", headers: { ...(auth?.cookie ? { cookie: auth.cookie } : {}), ...(auth?.key ? { authorization: `Bearer ${auth.key}` } : {}) } });

async function generate(auth: { cookie?: string; key?: string }, prompt: string): Promise<{ id: string; imagePath: string }> {
  const res = await fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, ...(auth.cookie ? { cookie: auth.cookie } : {}), ...(auth.key ? { authorization: `Bearer ${auth.key}` } : {}) },
    body: JSON.stringify({ model: "flux-dev", prompt, response_format: "url" }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { darkroom: { generation_id?: string; id?: string }; data: { url: string }[] };
  const id = res.headers.get("x-darkroom-generation-id") ?? body.darkroom.generation_id ?? body.darkroom.id!;
  return { id, imagePath: new URL(body.data[0]!.url).pathname };
}

/** The id of a server action as an attacker finds it: in the page's public JavaScript, next to its name. */
async function actionId(page: string, name: string, cookie: string): Promise<string> {
  const html = await (await get(page, { cookie })).text();
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!);
  for (const src of scripts) {
    const js = await (await fetch(new URL(src, app.url))).text();
    const found = new RegExp(`createServerReference\\)\\("([0-9a-f]{40,})",[^,()"]+,void 0,[^,()"]+,"${name}"\\)`).exec(js);
    if (found) return found[1]!;
  }
  throw new Error(`no server action ${name} in ${page}'s scripts`);
}

/** Calls a server action the way the browser does (and the way curl can). */
const callAction = (page: string, id: string, args: unknown[], cookie?: string) =>
  fetch(`${app.url}${page}`, {
    method: "POST",
    redirect: "manual",
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: app.url, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(args),
  });

async function generationCount(): Promise<number> {
  const res = await get("/v1/generations?limit=100", { cookie: admin });
  return ((await res.json()) as { data: unknown[] }).data.length;
}

beforeAll(async () => {
  app = await startApp({ HOST: "0.0.0.0", DARKROOM_SIMULATOR: "on" });
  await app.stop();
  const hash = await hashPassword(PASSWORD);
  for (const [id, email, role] of [["u_admin", "admin@example.com", "admin"], ["u_member", "member@example.com", "member"]]) {
    await queryStoppedAppDb(app, `INSERT INTO "AuthUser" (id, name, email, "emailVerified", role) VALUES ('${id}', '${id}', '${email}', true, '${role}')`);
    await queryStoppedAppDb(app, `INSERT INTO "AuthAccount" (id, "accountId", "providerId", "userId", password) VALUES ('a_${id}', '${id}', 'credential', '${id}', '${hash}')`);
  }
  await queryStoppedAppDb(app, `INSERT INTO "ApiKey" (id, name, prefix, hash, "userId") VALUES ('key_member', 'member key', 'mmmmmmmm', '${sha256(MEMBER_KEY)}', 'u_member')`);
  await app.start();
  admin = await signIn("admin@example.com");
  member = await signIn("member@example.com");
}, 180_000);
afterAll(() => app?.dispose());

describe("ownership with accounts on", () => {
  it("a server action called without a session (its id from the page's JavaScript) is refused and generates nothing", async () => {
    const id = await actionId("/", "startGeneration", admin);
    const before = await generationCount();
    const body = { model: "flux-dev", prompt: "unauthorised lighthouse", n: 1 };
    for (let i = 0; i < 3; i++) {
      const res = await callAction("/", id, [body, randomUUID()]);
      // Next answers the action's redirect() with the sign-in page; the action's own result never comes.
      expect(res.headers.get("x-action-redirect")).toMatch(/^\/sign-in/);
      expect(await res.text()).not.toMatch(/generationId|"outcome"/);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await generationCount()).toBe(before);
    // The same call with a session does generate: the id was the real action.
    const allowed = await callAction("/", id, [body, randomUUID()], admin);
    expect(allowed.status).toBe(200);
    await allowed.text();
    await expect.poll(generationCount, { timeout: 15_000 }).toBe(before + 1);
  });

  it("a member sees only their own generations in the API, the gallery and the image files; an admin sees all and can filter", async () => {
    const mine = await generate({ cookie: member }, "member's harbour");
    const theirs = await generate({ cookie: admin }, "admin's mountain");

    const list = (await (await get("/v1/generations?limit=100", { cookie: member })).json()) as { data: { id: string }[] };
    expect(list.data.map((g) => g.id)).toContain(mine.id);
    expect(list.data.map((g) => g.id)).not.toContain(theirs.id);
    expect((await get(`/v1/generations/${theirs.id}`, { cookie: member })).status).toBe(404);
    expect((await get(`/v1/generations/${mine.id}`, { cookie: member })).status).toBe(200);

    const gallery = await (await get("/gallery", { cookie: member })).text();
    expect(gallery).toContain(mine.id);
    expect(gallery).not.toContain(theirs.id);
    expect((await get(`/gallery/${theirs.id}`, { cookie: member })).status).toBe(404);

    expect((await get(theirs.imagePath, { cookie: member })).status).toBe(404);
    const own = await get(mine.imagePath, { cookie: member });
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toMatch(/^private/);

    const all = await (await get("/gallery", { cookie: admin })).text();
    expect(all).toContain(mine.id);
    expect(all).toContain(theirs.id);
    const filtered = await (await get("/gallery?user=u_member", { cookie: admin })).text();
    expect(filtered).toContain(mine.id);
    expect(filtered).not.toContain(theirs.id);
    expect((await get(theirs.imagePath, { cookie: admin })).status).toBe(200);

    // Purge and delete want the owner or an admin.
    const purge = await fetch(`${app.url}/v1/requests/${theirs.id}/payloads`, { method: "DELETE", headers: { cookie: member, origin: app.url } });
    expect(purge.status).toBe(403);
  });

  it("a member's key acts for them; disabling the member stops their session and their key at once", async () => {
    const made = await generate({ key: MEMBER_KEY }, "keyed lighthouse");
    const list = (await (await get("/v1/generations?limit=100", { key: MEMBER_KEY })).json()) as { data: { id: string }[] };
    expect(list.data.map((g) => g.id)).toContain(made.id);
    expect((await get("/gallery", { cookie: member })).status).toBe(200);

    const disable = await actionId("/settings/users", "setDisabledAction", admin);
    // A member calling the admin's action (its id is in the same public JavaScript) is sent home; nothing changes.
    const refused = await callAction("/settings/users", disable, ["u_admin", true], member);
    expect(refused.headers.get("x-action-redirect")).toMatch(/^\/;/);
    await refused.text();
    expect((await get("/v1/models", { cookie: admin })).status).toBe(200);

    const res = await callAction("/settings/users", disable, ["u_member", true], admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/"disabled":true/);

    const keyed = await get("/v1/models", { key: MEMBER_KEY });
    expect(keyed.status).toBe(401);
    expect(((await keyed.json()) as { error: { message: string } }).error.message).toMatch(/disabled/);
    expect((await get("/v1/models", { cookie: member })).status).toBe(401);
    expect((await get("/gallery", { cookie: member })).headers.get("location")).toMatch(/\/sign-in$/);
    // Their old cookie cannot re-enable them through the same action.
    expect((await callAction("/settings/users", disable, ["u_member", false], member)).headers.get("x-action-redirect")).toMatch(/^\/sign-in/);
    expect((await get("/v1/models", { key: MEMBER_KEY })).status).toBe(401);
  });
});

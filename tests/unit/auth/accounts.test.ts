import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/api/key-auth";
import { authMode, setupToken } from "@/lib/auth/mode";
import { auth } from "@/lib/auth/server";
import { canAccessGeneration, viewerFrom } from "@/lib/auth/session";
import { createFirstAdmin } from "@/lib/services/accounts";
import { useInProcessApp } from "../../helpers/in-process";

// better-auth on the app's own PGlite: first admin by setup token, sign-in cookie, and what each mode lets through.

useInProcessApp({ HOST: "0.0.0.0" });

const api = (headers: Record<string, string> = {}) => new Request("http://10.0.0.5/v1/models", { headers });

describe("accounts", () => {
  it("without an admin on a non-loopback bind only setup answers; the API refuses", async () => {
    expect(await authMode()).toBe("setup");
    await expect(authenticate(api())).rejects.toMatchObject({ status: 503, code: "setup_required" });
  });

  it("refuses a wrong setup token, then makes the admin with the right one", async () => {
    const input = { email: "ada@example.com", password: "correct horse battery", name: "Ada" };
    await expect(createFirstAdmin("nope", input, new Headers())).rejects.toThrow(/setup token/);
    const token = setupToken()!;
    // The sign-in that follows sets cookies only inside a request; here the admin is what counts.
    await createFirstAdmin(token, input, new Headers()).catch(() => undefined);
    expect(await authMode()).toBe("accounts");
    expect(setupToken()).toBeUndefined();
  });

  it("a session cookie from sign-in lets the API through; no cookie, a bad cookie or a wrong password does not", async () => {
    const a = (await auth()).api;
    const bad = await a.signInEmail({ body: { email: "ada@example.com", password: "wrong password!" }, asResponse: true });
    expect(bad.status).toBe(401);
    const res = await a.signInEmail({ body: { email: "ada@example.com", password: "correct horse battery" }, asResponse: true });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const pair = cookie.split(";")[0]!;
    await expect(authenticate(api({ cookie: pair }))).resolves.toBeUndefined();
    await expect(authenticate(api({ cookie: `${pair}x` }))).rejects.toMatchObject({ status: 401 });
    await expect(authenticate(api())).rejects.toMatchObject({ status: 401 });
    const viewer = await viewerFrom(new Headers({ cookie: pair }));
    expect(viewer).toMatchObject({ kind: "user", email: "ada@example.com", role: "admin" });
  });

  it("owner-or-admin: a member opens only their own generations", () => {
    const member = { kind: "user", userId: "u_m", email: "m@x", name: "M", role: "member" } as const;
    expect(canAccessGeneration(member, { userId: "u_m" })).toBe(true);
    expect(canAccessGeneration(member, { userId: "u_admin" })).toBe(false);
    expect(canAccessGeneration({ ...member, role: "admin" }, { userId: "u_m" })).toBe(true);
  });
});

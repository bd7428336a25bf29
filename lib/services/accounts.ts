import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { auth } from "@/lib/auth/server";
import { authMode, markAdminCreated, setupToken } from "@/lib/auth/mode";
import { GatewayError, invalidRequest } from "@/lib/generation/errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

export interface Credentials {
  email: string;
  password: string;
}

/** First run: the setup token from the log makes the first admin and signs them in. */
export async function createFirstAdmin(token: string, input: Credentials & { name: string }, headers: Headers): Promise<void> {
  const expected = setupToken();
  const mode = await authMode();
  if (mode === "accounts" || !expected) throw new GatewayError({ kind: "conflict", message: "An admin already exists; sign in instead", param: null, code: "admin_exists" });
  if (!timingSafeEqual(digest(token), digest(expected))) throw invalidRequest("Wrong setup token: copy it from the server log", "token", "invalid_setup_token");
  const api = (await auth()).api;
  await api.createUser({ body: { email: input.email, password: input.password, name: input.name, role: "admin" } });
  markAdminCreated();
  await api.signInEmail({ body: { email: input.email, password: input.password }, headers });
}

/** Email and password sign-in; better-auth sets the session cookie (nextCookies). */
export async function signIn(input: Credentials, headers: Headers): Promise<void> {
  await (await auth()).api.signInEmail({ body: input, headers });
}

export async function signOut(headers: Headers): Promise<void> {
  await (await auth()).api.signOut({ headers });
}

/** Changes the signed-in user's password and ends their other sessions. */
export async function changePassword(currentPassword: string, newPassword: string, headers: Headers): Promise<void> {
  await (await auth()).api.changePassword({ body: { currentPassword, newPassword, revokeOtherSessions: true }, headers });
}

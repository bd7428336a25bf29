import "server-only";
import { auth } from "@/lib/auth/server";
import { captureLinkToken, linkPath, LINK_TTL_SECONDS } from "@/lib/auth/links";
import { findLinkUser, findUser, listUsers, usersWithPassword, type UserRow } from "@/lib/db/users";
import { GatewayError, invalidRequest, notFound } from "@/lib/generation/errors";
import type { Role } from "@/lib/auth/viewer";

/** What /settings/users lists. */
export interface ManagedUser extends UserRow {
  state: "active" | "invited" | "disabled";
}

export interface IssuedLink {
  path: string;
  expiresAt: Date;
}

/** better-auth throws its own APIError (a message and a status); the pages show the message. */
function refused(error: unknown, param: string | null): GatewayError {
  const message = error instanceof Error && error.message ? error.message : "The account could not be changed";
  return invalidRequest(message, param, "account_refused");
}

/** A one-time link (better-auth's reset-password token) for an account: an invite, or an admin's reset. */
async function issueLink(email: string): Promise<IssuedLink> {
  const api = (await auth()).api;
  const token = await captureLinkToken(() => api.requestPasswordReset({ body: { email } }));
  if (!token) throw new GatewayError({ kind: "internal", message: "No link was issued", code: "link_not_issued" });
  return { path: linkPath(token), expiresAt: new Date(Date.now() + LINK_TTL_SECONDS * 1000) };
}

/** Creates the account without a password and returns the link where its owner picks one. */
export async function inviteUser(input: { email: string; name: string; role: Role }): Promise<IssuedLink> {
  const api = (await auth()).api;
  try {
    // better-auth's types know only its default roles ("admin" | "user"); with no access-control config
    // it stores any role string, and Darkroom's are "admin" and "member" (lib/auth/viewer).
    await api.createUser({ body: { email: input.email, name: input.name, role: input.role as "admin" } });
  } catch (error) {
    throw refused(error, "email");
  }
  return issueLink(input.email);
}

async function account(userId: string): Promise<UserRow> {
  const user = await findUser(userId);
  if (!user) throw notFound("There is no such user", "userId", "user_not_found");
  return user;
}

/** A new one-time link for a user who forgot their password; their sessions end once they set a new one. */
export async function resetLink(userId: string): Promise<IssuedLink> {
  return issueLink((await account(userId)).email);
}

/**
 * Disables (better-auth ban: every session deleted at once) or re-enables a user. Their API keys stop with
 * them: key authentication refuses a disabled owner's keys (key-auth in the API layer).
 */
export async function setDisabled(userId: string, disabled: boolean, adminHeaders: Headers): Promise<void> {
  await account(userId);
  const api = (await auth()).api;
  try {
    if (disabled) await api.banUser({ body: { userId, banReason: "Disabled by an admin" }, headers: adminHeaders });
    else await api.unbanUser({ body: { userId }, headers: adminHeaders });
  } catch (error) {
    throw refused(error, "userId");
  }
}

export async function managedUsers(): Promise<ManagedUser[]> {
  const [users, withPassword] = await Promise.all([listUsers(), usersWithPassword()]);
  return users.map((u) => ({ ...u, state: u.banned ? "disabled" : withPassword.has(u.id) ? "active" : "invited" }));
}

/** The invite page: whom a link is for, or null when it is unknown, used or expired. */
export const linkAccount = (token: string): Promise<UserRow | null> => findLinkUser(token);

/** Sets the password through the link (consumed once) and ends the account's other sessions. */
export async function acceptLink(token: string, newPassword: string): Promise<UserRow> {
  const user = await findLinkUser(token);
  if (!user) throw invalidRequest("This link is invalid, used or expired; ask an admin for a new one", "token", "invalid_link");
  try {
    await (await auth()).api.resetPassword({ body: { token, newPassword } });
  } catch (error) {
    throw refused(error, "password");
  }
  return user;
}

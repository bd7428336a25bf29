import "server-only";
import { db } from "./client";

/** An account as the app needs it (better-auth owns the tables; this reads them for ownership and admin views). */
export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: string | null;
  banned: boolean | null;
  createdAt: Date;
}

const USER_COLUMNS = { id: true, name: true, email: true, role: true, banned: true, createdAt: true } as const;

export async function findUser(id: string): Promise<UserRow | null> {
  return (await db()).authUser.findUnique({ where: { id }, select: USER_COLUMNS });
}

export async function listUsers(): Promise<UserRow[]> {
  return (await db()).authUser.findMany({ select: USER_COLUMNS, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Who has set a password (an invited user has not, until they open their link). */
export async function usersWithPassword(): Promise<Set<string>> {
  const rows = await (await db()).authAccount.findMany({ where: { providerId: "credential", password: { not: null } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

/**
 * The account a one-time link (better-auth's reset-password verification row) is for, while it is valid;
 * the invite page greets them by name before they choose a password.
 */
export async function findLinkUser(token: string, now = new Date()): Promise<UserRow | null> {
  const client = await db();
  const row = await client.authVerification.findFirst({ where: { identifier: `reset-password:${token}`, expiresAt: { gt: now } }, select: { value: true } });
  return row ? findUser(row.value) : null;
}

export async function findUserByEmail(email: string): Promise<UserRow | null> {
  return (await db()).authUser.findUnique({ where: { email: email.toLowerCase() }, select: USER_COLUMNS });
}

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

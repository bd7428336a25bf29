import "server-only";
import * as repo from "@/lib/db/boards";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { newId } from "@/lib/ids";

export { BoardNameTakenError } from "@/lib/db/boards";

export interface Board {
  id: string;
  name: string;
  count: number;
}

export async function createBoard({ name }: { name: string }, client?: PrismaClient): Promise<Board> {
  const id = newId("brd");
  const trimmed = name.trim().replace(/\s+/g, " ");
  await repo.createBoard({ id, name: trimmed }, client);
  return { id, name: trimmed, count: 0 };
}

export async function listBoards(client?: PrismaClient): Promise<Board[]> {
  return (await repo.listBoards(client)).map(({ id, name, count }) => ({ id, name, count }));
}

export async function findBoard(id: string, client?: PrismaClient): Promise<{ id: string; name: string } | null> {
  const row = await repo.findBoard({ id }, client);
  return row ? { id: row.id, name: row.name } : null;
}

export const addToBoard = (input: { boardId: string; generationIds: string[] }, client?: PrismaClient) => repo.addToBoard(input, client);
export const removeFromBoard = (input: { boardId: string; generationIds: string[] }, client?: PrismaClient) => repo.removeFromBoard(input, client);
export const deleteBoard = (input: { id: string }, client?: PrismaClient) => repo.deleteBoard(input, client);

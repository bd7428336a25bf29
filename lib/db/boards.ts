import "server-only";
import { db } from "./client";
import { Prisma, type PrismaClient } from "./generated/client.ts";

export interface BoardRow {
  id: string;
  name: string;
  createdAt: Date;
  count: number;
}

const client = async (given?: PrismaClient) => given ?? (await db());

export class BoardNameTakenError extends Error {}

export async function createBoard({ id, name }: { id: string; name: string }, given?: PrismaClient): Promise<void> {
  const prisma = await client(given);
  try {
    await prisma.board.create({ data: { id, name } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new BoardNameTakenError(name);
    throw error;
  }
}

/** Every board by name, with how many generations it holds. */
export async function listBoards(given?: PrismaClient): Promise<BoardRow[]> {
  const prisma = await client(given);
  const rows = await prisma.$queryRaw<{ id: string; name: string; createdAt: Date; count: number | bigint }[]>`
    SELECT b."id", b."name", b."createdAt", (SELECT count(*) FROM "BoardItem" i WHERE i."boardId" = b."id") AS "count"
    FROM "Board" b ORDER BY lower(b."name"), b."id"`;
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export async function findBoard({ id }: { id: string }, given?: PrismaClient) {
  const prisma = await client(given);
  return prisma.board.findUnique({ where: { id } });
}

/** Adds generations to a board; those already on it (or no longer existing) are skipped. Returns how many were added. */
export async function addToBoard({ boardId, generationIds }: { boardId: string; generationIds: string[] }, given?: PrismaClient): Promise<number> {
  const prisma = await client(given);
  const existing = await prisma.generation.findMany({ where: { id: { in: generationIds } }, select: { id: true } });
  const { count } = await prisma.boardItem.createMany({
    data: existing.map((g) => ({ boardId, generationId: g.id })),
    skipDuplicates: true,
  });
  return count;
}

export async function removeFromBoard({ boardId, generationIds }: { boardId: string; generationIds: string[] }, given?: PrismaClient): Promise<number> {
  const prisma = await client(given);
  const { count } = await prisma.boardItem.deleteMany({ where: { boardId, generationId: { in: generationIds } } });
  return count;
}

/** Deletes the board and its memberships; the generations stay. */
export async function deleteBoard({ id }: { id: string }, given?: PrismaClient): Promise<boolean> {
  const prisma = await client(given);
  return prisma.$transaction(async (tx) => {
    await tx.boardItem.deleteMany({ where: { boardId: id } });
    const { count } = await tx.board.deleteMany({ where: { id } });
    return count > 0;
  });
}

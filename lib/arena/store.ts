import "server-only";
import { db } from "@/lib/db/client";
import type { Winner } from "./ratings";
import type { SetPrompt } from "./prompt-set-types";

export interface NewBattle {
  id: string;
  status: "ready" | "voted" | "failed";
  prompt: string;
  category: string | null;
  setId: string | null;
  seed: number | null;
  leftContestant: string;
  rightContestant: string;
  leftModel: string;
  rightModel: string;
  leftProvider?: string | null;
  rightProvider?: string | null;
  leftGenerationId?: string | null;
  rightGenerationId?: string | null;
  leftImageId?: string | null;
  rightImageId?: string | null;
  leftLatencyMs?: number | null;
  rightLatencyMs?: number | null;
  leftCostUsd?: number | null;
  rightCostUsd?: number | null;
  winner?: Winner | null;
  votedAt?: Date | null;
  failure?: string | null;
  imported?: boolean;
  createdAt?: Date;
  /** The user who drew and votes it (lib/auth/viewer); null in local mode. */
  userId?: string | null;
}

const withSeed = (b: NewBattle) => ({ ...b, seed: b.seed === null ? null : BigInt(b.seed) });

export async function insertBattle(battle: NewBattle): Promise<void> {
  const client = await db();
  await client.arenaBattle.create({ data: withSeed(battle) });
}

export async function insertBattles(battles: NewBattle[]): Promise<void> {
  if (battles.length === 0) return;
  const client = await db();
  for (let i = 0; i < battles.length; i += 1000) {
    await client.arenaBattle.createMany({ data: battles.slice(i, i + 1000).map(withSeed) });
  }
}

export async function findBattle(id: string) {
  const client = await db();
  return client.arenaBattle.findUnique({ where: { id } });
}

/** Records the vote only if none was recorded: false when the battle was already voted (or is not votable). */
export async function recordVote(id: string, winner: Winner): Promise<boolean> {
  const client = await db();
  const { count } = await client.arenaBattle.updateMany({ where: { id, status: "ready" }, data: { status: "voted", winner, votedAt: new Date() } });
  return count === 1;
}

export interface BoardFilter {
  category?: string;
  setId?: string;
  model?: string;
  /** One user's votes (lib/auth/viewer userScope): a member's export, an admin's user filter. */
  userId?: string | { in: string[] };
}

/** The voted battles of a board, oldest first, with only what the fit and the export read. */
export async function votedBattles(filter: BoardFilter = {}) {
  const client = await db();
  return client.arenaBattle.findMany({
    where: {
      status: "voted",
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.setId ? { setId: filter.setId } : {}),
      ...(filter.model ? { leftModel: filter.model, rightModel: filter.model } : {}),
      ...(filter.userId !== undefined ? { userId: filter.userId } : {}),
    },
    orderBy: [{ votedAt: "asc" }, { id: "asc" }],
    select: { leftContestant: true, rightContestant: true, leftModel: true, leftProvider: true, rightProvider: true, winner: true, votedAt: true, category: true },
  });
}

export async function battleCategories(): Promise<string[]> {
  const client = await db();
  const rows = await client.arenaBattle.findMany({ where: { status: "voted", category: { not: null } }, distinct: ["category"], select: { category: true } });
  return rows.map((r) => r.category!).sort();
}

/** Models with a voted battle between two of their providers: the providers boards worth offering. */
export async function providerBattleModels(): Promise<string[]> {
  const client = await db();
  const rows = await client.arenaBattle.findMany({
    where: { status: "voted", leftProvider: { not: null }, rightProvider: { not: null } },
    distinct: ["leftModel", "rightModel", "leftProvider", "rightProvider"],
    select: { leftModel: true, rightModel: true, leftProvider: true, rightProvider: true },
  });
  return [...new Set(rows.filter((r) => r.leftModel === r.rightModel && r.leftProvider !== r.rightProvider).map((r) => r.leftModel))].sort();
}

/** How often each prompt of a set has been battled, so a run through the set takes the least-used next. */
export async function promptUse(setId: string): Promise<Map<string, number>> {
  const client = await db();
  const rows = await client.arenaBattle.groupBy({ by: ["prompt"], where: { setId, status: { not: "failed" } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.prompt, r._count._all]));
}

export async function insertPromptSet(set: { id: string; name: string; prompts: SetPrompt[] }): Promise<void> {
  const client = await db();
  await client.arenaPromptSet.create({ data: { ...set, prompts: set.prompts as never } });
}

export async function listPromptSetRows() {
  const client = await db();
  return client.arenaPromptSet.findMany({ orderBy: { createdAt: "desc" } });
}

export async function findPromptSetRow(id: string) {
  const client = await db();
  return client.arenaPromptSet.findUnique({ where: { id } });
}

/**
 * Changes with every vote or import on any instance: the count of voted battles and the latest vote and
 * insert. A board cached on this instance is stale once it differs.
 */
export async function voteStamp(): Promise<string> {
  const client = await db();
  const { _count, _max } = await client.arenaBattle.aggregate({ where: { status: "voted" }, _count: { _all: true }, _max: { votedAt: true, createdAt: true } });
  return `${_count._all}:${_max.votedAt?.getTime() ?? 0}:${_max.createdAt?.getTime() ?? 0}`;
}

/**
 * A purged generation's typed prompt goes from its battle too (a prompt set's prompt is the set's, not the
 * voter's, and stays so the set's progress counts it). The verdict and both contestants stay.
 */
export async function forgetBattlePrompt(generationId: string): Promise<void> {
  const client = await db();
  await client.arenaBattle.updateMany({
    where: { setId: null, prompt: { not: "" }, OR: [{ leftGenerationId: generationId }, { rightGenerationId: generationId }] },
    data: { prompt: "" },
  });
}

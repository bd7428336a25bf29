import "server-only";
import { invalidRequest } from "@/lib/generation/errors";
import { pairKey, type MatchState } from "./matchmaking";
import { standings, type RatedBattle, type Standing, type Winner } from "./ratings";
import * as store from "./store";

export type Board = { kind: "overall" } | { kind: "category"; name: string } | { kind: "set"; id: string } | { kind: "providers"; model: string };

export interface Leaderboard {
  board: string;
  rows: Standing[];
  battles: number;
  updatedAt: string | null;
}

export function parseBoard(spec: string | undefined | null): Board {
  const value = (spec ?? "overall").trim() || "overall";
  if (value === "overall") return { kind: "overall" };
  const colon = value.indexOf(":");
  const kind = value.slice(0, colon);
  const arg = value.slice(colon + 1).trim();
  if (colon > 0 && arg) {
    if (kind === "category") return { kind, name: arg };
    if (kind === "set") return { kind, id: arg };
    if (kind === "providers") return { kind, model: arg };
  }
  throw invalidRequest(`Unknown board '${value}': use overall, category:<name>, set:<id> or providers:<model>`, "board", "unknown_board");
}

export const boardName = (b: Board): string =>
  b.kind === "overall" ? "overall" : b.kind === "category" ? `category:${b.name}` : b.kind === "set" ? `set:${b.id}` : `providers:${b.model}`;

// Next may load this module once per route bundle: the cache and its version live on globalThis.
interface Cached {
  version: number;
  /** The votes' stamp when computed: another instance's vote or import changes it (see store.voteStamp). */
  stamp: string;
  board: Leaderboard;
  meetings: Map<string, number>;
}
const holder = globalThis as unknown as { darkroomArena?: { version: number; boards: Map<string, Cached> } };
const cache = () => (holder.darkroomArena ??= { version: 0, boards: new Map() });

/** Every vote or import makes every cached board stale (here at once; on other instances through the stamp). */
export function invalidateBoards(): void {
  cache().version++;
}

type Row = Awaited<ReturnType<typeof store.votedBattles>>[number];

function rated(board: Board, rows: Row[]): RatedBattle[] {
  if (board.kind !== "providers") return rows.map((r) => ({ left: r.leftContestant, right: r.rightContestant, winner: r.winner as Winner }));
  // The providers of one model: only battles where two different providers served it.
  return rows
    .filter((r) => r.leftProvider && r.rightProvider && r.leftProvider !== r.rightProvider)
    .map((r) => ({ left: r.leftProvider!, right: r.rightProvider!, winner: r.winner as Winner }));
}

const filterOf = (b: Board): store.BoardFilter =>
  b.kind === "category" ? { category: b.name } : b.kind === "set" ? { setId: b.id } : b.kind === "providers" ? { model: b.model } : {};

/** Which votes a board counts: everyone's, or one user's (see voterFilter). */
export interface BoardScope {
  userId?: string;
}

async function compute(board: Board, scope: BoardScope = {}): Promise<Cached> {
  const state = cache();
  const name = boardName(board);
  const key = scope.userId ? `${name}\u0000${scope.userId}` : name;
  const version = state.version;
  const stamp = await store.voteStamp();
  const hit = state.boards.get(key);
  if (hit && hit.version === version && hit.stamp === stamp) return hit;
  const rows = await store.votedBattles({ ...filterOf(board), ...(scope.userId ? { userId: scope.userId } : {}) });
  const battles = rated(board, rows);
  const meetings = new Map<string, number>();
  for (const b of battles) meetings.set(pairKey(b.left, b.right), (meetings.get(pairKey(b.left, b.right)) ?? 0) + 1);
  const last = rows.at(-1)?.votedAt ?? null;
  const entry: Cached = { version, stamp, board: { board: name, rows: standings(battles), battles: battles.length, updatedAt: last?.toISOString() ?? null }, meetings };
  // Board names come from callers (any category string): keep the cache from growing without bound.
  if (state.boards.size >= 200) state.boards.clear();
  state.boards.set(key, entry);
  return entry;
}

/** A board over everyone's votes, or over one user's (`scope.userId`, resolved by voterFilter). */
export async function leaderboard(board: Board, scope: BoardScope = {}): Promise<Leaderboard> {
  return (await compute(board, scope)).board;
}

/** Ratings and pair counts of a board, for matchmaking. */
export async function matchState(board: Board): Promise<MatchState> {
  const { board: lb, meetings } = await compute(board);
  const ratings = new Map(lb.rows.map((r) => [r.contestant, r.rating]));
  return { rating: (c) => ratings.get(c), meetings: (a, b) => meetings.get(pairKey(a, b)) ?? 0 };
}

/** The arena line of a model page: its standing on the overall board and how many are ranked. */
export async function modelStanding(modelId: string): Promise<{ standing: Standing | null; ranked: number }> {
  const { rows } = await leaderboard({ kind: "overall" });
  return { standing: rows.find((r) => r.contestant === modelId) ?? null, ranked: rows.filter((r) => !r.preliminary).length };
}

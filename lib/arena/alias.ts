import "server-only";
import { notFound } from "@/lib/generation/errors";
import { findModel } from "@/lib/catalog";
import type { Warning } from "@/lib/params/warning";
import { describeContestant } from "./contestants";
import { boardName, leaderboard, parseBoard } from "./leaderboard";

export const ARENA_ALIAS_PREFIX = "arena:";

export interface ArenaAlias {
  /** The model address the alias stands for right now: a model id or a pinned provider/model. */
  model: string;
  /** Why: goes into the response's warnings, so the caller sees which board chose it and on what rating. */
  warning: Warning;
}

/**
 * `arena:<board>` (`arena:overall`, `arena:category:typography`, `arena:providers:flux-dev`…) → the current
 * leader among the board's ranked contestants that this catalog knows. Null for any other model address.
 */
export async function resolveArenaAlias(address: string): Promise<ArenaAlias | null> {
  if (!address.startsWith(ARENA_ALIAS_PREFIX)) return null;
  const spec = address.slice(ARENA_ALIAS_PREFIX.length);
  const board = parseBoard(spec);
  const { rows } = await leaderboard(board);
  for (const row of rows) {
    if (row.preliminary) break;
    const model = board.kind === "providers" ? `${row.contestant}/${board.model}` : row.contestant;
    const info = describeContestant(model);
    const known = findModel(info.model);
    if (!known || (info.provider && !known.providers.some((o) => o.provider === info.provider))) continue;
    const message = `${address} resolved to ${model}: the leader of the arena board ${boardName(board)} (rating ${Math.round(row.rating)}, 95% CI ${Math.round(row.ciLow)}–${Math.round(row.ciHigh)}, ${row.battles} battles)`;
    return { model, warning: { type: "adjusted", param: "model", message } };
  }
  throw notFound(`The arena board ${boardName(board)} has no ranked contestant yet (each needs 4 battles)`, "model", "arena_board_empty");
}

/** For a request body: the same body with its `arena:` model replaced, and the warning; the body itself otherwise. */
export async function withArenaAlias(body: unknown): Promise<{ body: unknown; warning: Warning | null }> {
  const model = body && typeof body === "object" && "model" in body ? (body as { model: unknown }).model : undefined;
  if (typeof model !== "string") return { body, warning: null };
  const alias = await resolveArenaAlias(model);
  return alias ? { body: { ...(body as object), model: alias.model }, warning: alias.warning } : { body, warning: null };
}

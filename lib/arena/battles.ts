import "server-only";
import { canAccess, ownerOf, type Viewer } from "@/lib/auth/viewer";
import { randomInt } from "node:crypto";
import { GatewayError, invalidRequest, notFound } from "@/lib/generation/errors";
import { newId } from "@/lib/ids";
import { MAX_SEED } from "@/lib/params/request-schema";
import { checkContestant, defaultRoster, describeContestant, providerLabel } from "./contestants";
import { generateContestant, type ContestantImage, type ContestantResult } from "./generate-contestant";
import { invalidateBoards, matchState } from "./leaderboard";
import { drawPair } from "./matchmaking";
import { getPromptSet, nextPrompt } from "./prompt-sets";
import type { Winner } from "./ratings";
import { STARTER_SET } from "./starter-set";
import * as store from "./store";

export interface NewBattleInput {
  prompt?: string;
  setId?: string;
  contestants?: [string, string];
  /** Who may be drawn when `contestants` is not given; every served model by default. */
  roster?: string[];
  category?: string;
  seed?: number;
  signal?: AbortSignal;
  /** Who asks (lib/auth/viewer): the battle, its generations and its vote are theirs. */
  viewer?: Viewer;
}

/** What a voter sees before voting: nothing that names a contestant, not even in the image URLs. */
export interface BattleView {
  id: string;
  prompt: string;
  category: string | null;
  setId: string | null;
  left: { imagePath: string };
  right: { imagePath: string };
}

export interface RevealedSide {
  contestant: string;
  model: string;
  provider: string | null;
  providerName: string | null;
  latencyMs: number | null;
  costUsd: number | null;
}

export interface Reveal {
  id: string;
  winner: Winner;
  left: RevealedSide;
  right: RevealedSide;
}

/** A contestant that fails is recorded and the battle drawn again without it, this many times at most. */
const MAX_DRAWS = 4;
const SIZE = { aspectRatio: "1:1", resolution: "1K" };

async function choosePrompt(input: NewBattleInput): Promise<{ prompt: string; category: string | null; setId: string | null }> {
  const set = input.setId ? await getPromptSet(input.setId) : undefined;
  const prompt = input.prompt?.trim();
  if (prompt) return { prompt, category: input.category?.trim() || null, setId: set?.id ?? null };
  const drawn = await nextPrompt(set ?? STARTER_SET);
  return { prompt: drawn.prompt, category: input.category?.trim() || drawn.category, setId: set?.id ?? null };
}

function rosterOf(input: NewBattleInput): string[] {
  const roster = [...new Set(input.roster?.length ? input.roster : defaultRoster())];
  roster.forEach((c) => checkContestant(c, "roster"));
  if (roster.length < 2) throw invalidRequest("The roster needs at least two contestants", "roster", "roster_too_small");
  return roster;
}

function fixedPair(input: NewBattleInput): [string, string] | undefined {
  if (!input.contestants) return undefined;
  const [a, b] = input.contestants;
  if (a === b) throw invalidRequest("A battle needs two different contestants", "contestants", "same_contestant");
  checkContestant(a);
  checkContestant(b);
  return [a, b];
}

const side = (contestant: string, image: ContestantImage, prefix: "left" | "right") => ({
  [`${prefix}Contestant`]: contestant,
  [`${prefix}Model`]: image.model,
  [`${prefix}Provider`]: image.provider,
  [`${prefix}GenerationId`]: image.generationId,
  [`${prefix}ImageId`]: image.imageId,
  [`${prefix}LatencyMs`]: image.latencyMs,
  [`${prefix}CostUsd`]: image.costUsd,
});

/** Draws (or takes) a pair, generates both with one seed and size, and saves the battle, sides shuffled. */
export async function createBattle(input: NewBattleInput): Promise<BattleView> {
  const { prompt, category, setId } = await choosePrompt(input);
  const fixed = fixedPair(input);
  let roster = fixed ? [...fixed] : rosterOf(input);
  const state = await matchState(setId ? { kind: "set", id: setId } : { kind: "overall" });
  const seed = input.seed ?? randomInt(0, MAX_SEED);
  const failures: string[] = [];
  const owner = ownerOf(input.viewer);
  for (let draw = 0; draw < MAX_DRAWS && roster.length >= 2; draw++) {
    const pair = fixed ?? drawPair(roster, state);
    const [a, b] = Math.random() < 0.5 ? pair : ([pair[1], pair[0]] as const);
    const results = (await Promise.all([a, b].map((contestant) => generateContestant({ contestant, prompt, seed, ...SIZE, signal: input.signal, owner })))) as [ContestantResult, ContestantResult];
    const [left, right] = results;
    const id = newId("bat");
    const base = { id, prompt, category, setId, seed, userId: owner.userId ?? null };
    if (left.ok && right.ok) {
      await store.insertBattle({ ...base, status: "ready", ...side(a, left.image, "left"), ...side(b, right.image, "right") } as store.NewBattle);
      return { id, prompt, category, setId, left: { imagePath: `/v1/arena/battles/${id}/images/left` }, right: { imagePath: `/v1/arena/battles/${id}/images/right` } };
    }
    const failed = [a, b].filter((_, i) => !results[i]!.ok);
    const message = results.map((r, i) => (r.ok ? null : `${[a, b][i]}: ${r.message}`)).filter(Boolean).join("; ");
    failures.push(message);
    await store.insertBattle({
      ...base,
      status: "failed",
      failure: message,
      leftContestant: a,
      rightContestant: b,
      leftModel: describeContestant(a).model,
      rightModel: describeContestant(b).model,
      leftGenerationId: left.ok ? left.image.generationId : left.generationId,
      rightGenerationId: right.ok ? right.image.generationId : right.generationId,
    });
    if (fixed) break;
    roster = roster.filter((c) => !failed.includes(c));
  }
  throw new GatewayError({ kind: "providers_failed", message: `No battle could be generated: ${failures.join(" | ")}`, param: fixed ? "contestants" : null, code: "arena_generation_failed" });
}

export async function voteBattle({ id, winner, viewer = { kind: "local" } }: { id: string; winner: Winner; viewer?: Viewer }): Promise<Reveal> {
  const battle = await store.findBattle(id);
  if (!battle || !canAccess(viewer, battle)) throw notFound(`Battle '${id}' does not exist`, "id", "battle_not_found");
  if (battle.status === "failed") throw new GatewayError({ kind: "conflict", message: "This battle failed to generate and cannot be voted on", code: "battle_failed" });
  if (!(await store.recordVote(id, winner))) throw new GatewayError({ kind: "conflict", message: "This battle was already voted on", code: "already_voted" });
  invalidateBoards();
  return revealOf({ ...battle, winner });
}

type BattleRow = NonNullable<Awaited<ReturnType<typeof store.findBattle>>>;

function revealOf(b: BattleRow & { winner: string | null }): Reveal {
  const sideOf = (s: "left" | "right"): RevealedSide => ({
    contestant: s === "left" ? b.leftContestant : b.rightContestant,
    model: s === "left" ? b.leftModel : b.rightModel,
    provider: s === "left" ? b.leftProvider : b.rightProvider,
    providerName: providerLabel(s === "left" ? b.leftProvider : b.rightProvider),
    latencyMs: s === "left" ? b.leftLatencyMs : b.rightLatencyMs,
    costUsd: s === "left" ? b.leftCostUsd : b.rightCostUsd,
  });
  return { id: b.id, winner: b.winner as Winner, left: sideOf("left"), right: sideOf("right") };
}

/** The stored images of both sides, by battle only: a side is shown in the shape both share. */
export async function battleImageIds({ id, viewer = { kind: "local" } }: { id: string; viewer?: Viewer }): Promise<{ left: string; right: string }> {
  const found = await store.findBattle(id);
  const battle = found && canAccess(viewer, found) ? found : null;
  if (!battle?.leftImageId || !battle.rightImageId) throw notFound(`Battle '${id}' has no images`, "id", "battle_not_found");
  return { left: battle.leftImageId, right: battle.rightImageId };
}

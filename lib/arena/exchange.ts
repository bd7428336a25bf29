import "server-only";
import { ownerOf, userScope, type Viewer } from "@/lib/auth/viewer";
import { z } from "zod";
import { newId } from "@/lib/ids";
import { describeContestant } from "./contestants";
import { invalidateBoards } from "./leaderboard";
import type { Winner } from "./ratings";
import * as store from "./store";

/** LMArena's battle format, so votes move in and out and the ratings can be checked with other tools. */
export interface ExportedBattle {
  model_a: string;
  model_b: string;
  winner: "model_a" | "model_b" | "tie" | "tie (bothbad)";
  tstamp: number;
  category: string | null;
}

const TO_LMARENA: Record<Winner, ExportedBattle["winner"]> = { left: "model_a", right: "model_b", tie: "tie", both_bad: "tie (bothbad)" };
const FROM_LMARENA: Record<ExportedBattle["winner"], Winner> = { model_a: "left", model_b: "right", tie: "tie", "tie (bothbad)": "both_bad" };

/** `viewer`: members export their own votes (lib/auth/viewer userScope), admins everyone's. */
export async function* exportBattles(viewer?: Viewer): AsyncGenerator<ExportedBattle> {
  for (const b of await store.votedBattles(viewer ? userScope(viewer) : {})) {
    yield {
      model_a: b.leftContestant,
      model_b: b.rightContestant,
      winner: TO_LMARENA[b.winner as Winner],
      tstamp: (b.votedAt?.getTime() ?? 0) / 1000,
      category: b.category,
    };
  }
}

const name = z.string().trim().min(1).max(200);
const lineSchema = z.object({
  model_a: name,
  model_b: name,
  winner: z.enum(["model_a", "model_b", "tie", "tie (bothbad)"]),
  tstamp: z.number().nonnegative().optional(),
  category: z.string().trim().max(100).nullish(),
  prompt: z.string().max(32_000).optional(),
});

export interface ImportResult {
  imported: number;
  refused: { line: number; reason: string }[];
}

const MAX_LINES = 200_000;

/** Validates every line; the good ones are saved (in one go), count like voted battles and are the importer's votes. */
export async function importBattles(text: string, viewer?: Viewer): Promise<ImportResult> {
  const userId = ownerOf(viewer).userId ?? null;
  const refused: ImportResult["refused"] = [];
  const battles: store.NewBattle[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    if (line > MAX_LINES) return void refused.push({ line, reason: `only the first ${MAX_LINES} lines are read` });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return void refused.push({ line, reason: "not valid JSON" });
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return void refused.push({ line, reason: `${issue.path.join(".") || "line"}: ${issue.message}` });
    }
    const b = parsed.data;
    if (b.model_a === b.model_b) return void refused.push({ line, reason: "model_a and model_b are the same" });
    const a = describeContestant(b.model_a);
    const c = describeContestant(b.model_b);
    const when = new Date(b.tstamp === undefined ? Date.now() : b.tstamp * 1000);
    battles.push({
      id: newId("bat"),
      status: "voted",
      imported: true,
      prompt: b.prompt ?? "",
      category: b.category || null,
      setId: null,
      seed: null,
      leftContestant: a.contestant,
      rightContestant: c.contestant,
      leftModel: a.model,
      rightModel: c.model,
      leftProvider: a.provider,
      rightProvider: c.provider,
      winner: FROM_LMARENA[b.winner],
      votedAt: when,
      createdAt: when,
      userId,
    });
  });
  await store.insertBattles(battles);
  if (battles.length) invalidateBoards();
  return { imported: battles.length, refused };
}

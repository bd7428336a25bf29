import "server-only";
import { newId } from "@/lib/ids";
import { invalidRequest, notFound } from "@/lib/generation/errors";
import type { PromptSet, SetPrompt } from "./prompt-set-types";
import { STARTER_SET } from "./starter-set";
import * as store from "./store";

const fromRow = (row: { id: string; name: string; prompts: unknown }): PromptSet => ({
  id: row.id,
  name: row.name,
  builtIn: false,
  prompts: Array.isArray(row.prompts) ? (row.prompts as SetPrompt[]) : [],
});

export async function listPromptSets(): Promise<PromptSet[]> {
  return [STARTER_SET, ...(await store.listPromptSetRows()).map(fromRow)];
}

export async function getPromptSet(id: string): Promise<PromptSet> {
  if (id === STARTER_SET.id) return STARTER_SET;
  const row = await store.findPromptSetRow(id);
  if (!row) throw notFound(`Prompt set '${id}' does not exist`, "set_id", "prompt_set_not_found");
  return fromRow(row);
}

/** A new set: its prompts take the set's category unless they name their own. */
export async function createPromptSet(input: { name: string; category: string; prompts: (string | { prompt: string; category?: string })[] }): Promise<PromptSet> {
  const prompts = input.prompts
    .map((p) => (typeof p === "string" ? { prompt: p.trim(), category: input.category } : { prompt: p.prompt.trim(), category: p.category || input.category }))
    .filter((p) => p.prompt);
  if (prompts.length === 0) throw invalidRequest("A prompt set needs at least one prompt", "prompts", "empty_prompt_set");
  const set = { id: newId("aps"), name: input.name.trim(), prompts };
  await store.insertPromptSet(set);
  return { ...set, builtIn: false };
}

/** The set's least-battled prompt (ties broken at random), so running a set walks through all of it. */
export async function nextPrompt(set: PromptSet, random: () => number = Math.random): Promise<SetPrompt> {
  const use = await store.promptUse(set.id);
  const least = Math.min(...set.prompts.map((p) => use.get(p.prompt) ?? 0));
  const candidates = set.prompts.filter((p) => (use.get(p.prompt) ?? 0) === least);
  return candidates[Math.floor(random() * candidates.length)]!;
}

import "server-only";
import { findModel } from "@/lib/catalog";
import { listPromptSets } from "./prompt-sets";
import * as store from "./store";

export interface BoardGroup {
  title: string;
  boards: { value: string; label: string }[];
}

/**
 * The boards the leaderboard page offers: overall, each voted category, each set, and the providers board of
 * each model whose providers have met (any other `providers:<model>` board is empty, but still answers).
 */
export async function boardChoices(): Promise<BoardGroup[]> {
  const [categories, sets, models] = await Promise.all([store.battleCategories(), listPromptSets(), store.providerBattleModels()]);
  return [
    { title: "Overall", boards: [{ value: "overall", label: "All votes" }] },
    { title: "Category", boards: categories.map((c) => ({ value: `category:${c}`, label: c })) },
    { title: "Prompt set", boards: sets.map((s) => ({ value: `set:${s.id}`, label: s.name })) },
    { title: "Providers of", boards: models.map((id) => ({ value: `providers:${id}`, label: findModel(id)?.name ?? id })) },
  ].filter((g) => g.boards.length > 0);
}

import "server-only";
import { listModels } from "@/lib/catalog";
import { listPromptSets } from "./prompt-sets";
import * as store from "./store";

export interface BoardGroup {
  title: string;
  boards: { value: string; label: string }[];
}

/** The boards the leaderboard page offers: overall, each voted category, each set, each model with 2+ providers. */
export async function boardChoices(): Promise<BoardGroup[]> {
  const [categories, sets] = await Promise.all([store.battleCategories(), listPromptSets()]);
  const models = listModels().filter((m) => m.providers.length > 1);
  return [
    { title: "Overall", boards: [{ value: "overall", label: "All votes" }] },
    { title: "Category", boards: categories.map((c) => ({ value: `category:${c}`, label: c })) },
    { title: "Prompt set", boards: sets.map((s) => ({ value: `set:${s.id}`, label: s.name })) },
    { title: "Providers of", boards: models.map((m) => ({ value: `providers:${m.id}`, label: m.name })) },
  ].filter((g) => g.boards.length > 0);
}

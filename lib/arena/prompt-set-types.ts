export interface SetPrompt {
  prompt: string;
  category: string;
}

export interface PromptSet {
  id: string;
  name: string;
  builtIn: boolean;
  prompts: SetPrompt[];
}

export const categoriesOf = (set: PromptSet): string[] => [...new Set(set.prompts.map((p) => p.category))];

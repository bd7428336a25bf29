import type { ProviderFactory } from "../factories";

export const openaiProvider: ProviderFactory = {
  id: "openai",
  name: "OpenAI",
  enabledBy: ["OPENAI_API_KEY"],
  create: () => undefined,
};

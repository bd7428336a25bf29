import type { ProviderFactory } from "../factories";

export const geminiProvider: ProviderFactory = {
  id: "gemini",
  name: "Gemini API",
  enabledBy: ["GEMINI_API_KEY"],
  create: () => undefined,
};

import type { ProviderFactory } from "../provider-factory";
import { createGeminiProvider } from "./gemini-provider";

export { createGeminiProvider, type GeminiProviderSettings } from "./gemini-provider";

export const geminiProvider: ProviderFactory = {
  id: "gemini",
  name: "Gemini API",
  enabledBy: ["GEMINI_API_KEY"],
  create: (env) => (env.GEMINI_API_KEY ? createGeminiProvider({ apiKey: env.GEMINI_API_KEY, baseUrl: env.GEMINI_BASE_URL }) : undefined),
};

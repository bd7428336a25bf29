import type { ProviderFactory } from "../provider-factory";
import { createOpenAICompatibleProvider } from "../openai-compatible/openai-compatible-provider";
import type { OpenAICompatibleSettings } from "../openai-compatible/openai-compatible-image-model";
import type { Provider } from "../types";

export type OpenAIProviderSettings = Omit<OpenAICompatibleSettings, "id" | "name">;

export function createOpenAIProvider(settings: OpenAIProviderSettings): Provider {
  return createOpenAICompatibleProvider({ streamsPartials: true, ...settings, id: "openai", name: "OpenAI" });
}

export const openaiProvider: ProviderFactory = {
  id: "openai",
  name: "OpenAI",
  enabledBy: ["OPENAI_API_KEY"],
  create: (env) =>
    env.OPENAI_API_KEY
      ? createOpenAIProvider({ apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, maxDownloadBytes: env.DARKROOM_MAX_DOWNLOAD_BYTES })
      : undefined,
};

import type { ProviderFactory } from "../provider-factory";
import { createOpenAICompatibleProvider } from "../openai-compatible/openai-compatible-provider";
import type { OpenAICompatibleSettings } from "../openai-compatible/openai-compatible-image-model";
import type { Provider } from "../types";

export type LumenfallProviderSettings = Omit<OpenAICompatibleSettings, "id" | "name">;

/** Lumenfall resells many image models behind an OpenAI-compatible Images API. */
export function createLumenfallProvider(settings: LumenfallProviderSettings): Provider {
  return createOpenAICompatibleProvider({ ...settings, id: "lumenfall", name: "Lumenfall" });
}

export const lumenfallProvider: ProviderFactory = {
  id: "lumenfall",
  name: "Lumenfall",
  enabledBy: ["LUMENFALL_API_KEY"],
  create: (env) =>
    env.LUMENFALL_API_KEY
      ? createLumenfallProvider({ apiKey: env.LUMENFALL_API_KEY, baseUrl: env.LUMENFALL_BASE_URL, maxDownloadBytes: env.DARKROOM_MAX_DOWNLOAD_BYTES })
      : undefined,
};

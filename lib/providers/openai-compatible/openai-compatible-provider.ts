import type { ProviderOffer } from "@/lib/catalog/schema";
import type { Provider } from "../types";
import { OpenAICompatibleImageModel, type OpenAICompatibleSettings } from "./openai-compatible-image-model";

/** A Provider speaking the OpenAI Images API at `baseUrl` (OpenAI, Lumenfall, or a server from darkroom.providers.json). */
export function createOpenAICompatibleProvider(settings: OpenAICompatibleSettings): Provider {
  const resolved = { ...settings, baseUrl: settings.baseUrl.replace(/\/+$/, "") };
  return {
    id: resolved.id,
    name: resolved.name,
    simulated: false,
    baseUrl: resolved.baseUrl,
    imageModel: (offer: ProviderOffer) => new OpenAICompatibleImageModel(offer, resolved),
  };
}

import type { ProviderOffer } from "@/lib/catalog/schema";
import { ImagenPredictModel } from "@/lib/providers/google/google-imagen-model";
import type { FetchFn } from "@/lib/providers/shared/http";
import type { ImageModel, Provider } from "@/lib/providers/types";
import { GeminiImageModel } from "./gemini-image-model";

export interface GeminiProviderSettings {
  apiKey: string;
  /** https://generativelanguage.googleapis.com unless overridden (tests, proxies). */
  baseUrl: string;
  fetch?: FetchFn;
}

const PROVIDER = { provider: "gemini", providerName: "Gemini API" } as const;
const AUTH_HINT = "check GEMINI_API_KEY; Imagen also needs a billed project";

export function createGeminiProvider(settings: GeminiProviderSettings): Provider {
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const modelUrl = (model: string, method: string) => `${baseUrl}/v1beta/models/${encodeURIComponent(model)}:${method}`;
  const keyHeader = async () => ({ "x-goog-api-key": settings.apiKey });
  return {
    id: PROVIDER.provider,
    name: PROVIDER.providerName,
    simulated: false,
    baseUrl,
    imageModel: (offer: ProviderOffer): ImageModel => {
      const model = offer.providerModelId;
      // Gemini's own image models answer generateContent; Imagen models keep the Vertex-style :predict.
      if (model.startsWith("gemini-")) {
        return new GeminiImageModel(offer, {
          ...PROVIDER,
          dialect: "gemini",
          url: modelUrl(model, "generateContent"),
          headers: keyHeader,
          fetch: settings.fetch,
          hints: { auth: AUTH_HINT, not_found: `${model} is not available to this API key` },
        });
      }
      return new ImagenPredictModel(offer, {
        ...PROVIDER,
        dialect: "gemini",
        url: modelUrl(model, "predict"),
        headers: keyHeader,
        fetch: settings.fetch,
        hints: { auth: AUTH_HINT, not_found: "Google reportedly shut Imagen 4 down on the Gemini API on 2026-08-17" },
      });
    },
  };
}

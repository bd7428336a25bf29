import type { ProviderOffer } from "@/lib/catalog/schema";
import { GeminiImageModel } from "@/lib/providers/gemini/gemini-image-model";
import { ImagenPredictModel } from "@/lib/providers/google/google-imagen-model";
import type { FetchFn } from "@/lib/providers/shared/http";
import type { ImageModel, Provider } from "@/lib/providers/types";
import { credentialsFileTokens, staticToken, type TokenSource } from "./vertex-auth";
import { vertexBaseUrl, vertexModelEndpoint, type VertexLocationSettings } from "./vertex-endpoints";

export interface VertexProviderSettings extends VertexLocationSettings {
  /** A ready OAuth token (VERTEX_ACCESS_TOKEN); wins over the credentials file. */
  accessToken?: string;
  /** A service-account JSON file (GOOGLE_APPLICATION_CREDENTIALS). */
  credentialsFile?: string;
  fetch?: FetchFn;
}

const PROVIDER = { provider: "vertex", providerName: "Vertex AI" } as const;

function tokenSource(settings: VertexProviderSettings): TokenSource {
  if (settings.accessToken) return staticToken(settings.accessToken);
  if (settings.credentialsFile) return credentialsFileTokens(settings.credentialsFile, settings.fetch);
  throw new Error("Vertex AI needs VERTEX_ACCESS_TOKEN or GOOGLE_APPLICATION_CREDENTIALS");
}

export function createVertexProvider(settings: VertexProviderSettings): Provider {
  const tokens = tokenSource(settings);
  const headers = async (signal: AbortSignal) => ({ authorization: `Bearer ${await tokens(signal)}` });
  const authHint = settings.accessToken
    ? "VERTEX_ACCESS_TOKEN was rejected; access tokens expire after about an hour"
    : `check that the service account in ${settings.credentialsFile} may use Vertex AI in project ${settings.project}`;
  const common = { ...PROVIDER, headers, fetch: settings.fetch };
  return {
    id: PROVIDER.provider,
    name: PROVIDER.providerName,
    simulated: false,
    baseUrl: (settings.baseUrl ?? vertexBaseUrl(settings.location)).replace(/\/+$/, ""),
    imageModel: (offer: ProviderOffer): ImageModel => {
      const model = offer.providerModelId;
      // Gemini's own image models answer generateContent, with the Gemini API's body; Imagen answers :predict.
      if (model.startsWith("gemini-")) {
        const { url, location } = vertexModelEndpoint(settings, model, "generateContent");
        const elsewhere = location === "global" ? "" : "; try VERTEX_LOCATION=global, where Vertex AI serves every Gemini image model";
        return new GeminiImageModel(offer, {
          ...common,
          dialect: "vertex",
          url,
          hints: { auth: authHint, not_found: `${model} is not offered in ${location} for project ${settings.project}${elsewhere}` },
        });
      }
      const { url } = vertexModelEndpoint(settings, model, "predict");
      return new ImagenPredictModel(offer, {
        ...common,
        dialect: "vertex",
        url,
        hints: { auth: authHint, not_found: `the model is retired or not offered in ${settings.location} for project ${settings.project}` },
      });
    },
  };
}

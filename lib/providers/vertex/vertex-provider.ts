import type { ProviderOffer } from "@/lib/catalog/schema";
import { ImagenPredictModel } from "@/lib/providers/google/google-imagen-model";
import type { FetchFn } from "@/lib/providers/shared/http";
import type { Provider } from "@/lib/providers/types";
import { credentialsFileTokens, staticToken, type TokenSource } from "./vertex-auth";

export interface VertexProviderSettings {
  project: string;
  /** Region such as us-central1, or `global`. */
  location: string;
  /** Overrides the regional host (tests, private endpoints). */
  baseUrl?: string;
  /** A ready OAuth token (VERTEX_ACCESS_TOKEN); wins over the credentials file. */
  accessToken?: string;
  /** A service-account JSON file (GOOGLE_APPLICATION_CREDENTIALS). */
  credentialsFile?: string;
  fetch?: FetchFn;
}

export function vertexBaseUrl(location: string): string {
  return location === "global" ? "https://aiplatform.googleapis.com" : `https://${location}-aiplatform.googleapis.com`;
}

export function createVertexProvider(settings: VertexProviderSettings): Provider {
  const baseUrl = (settings.baseUrl ?? vertexBaseUrl(settings.location)).replace(/\/+$/, "");
  let tokens: TokenSource;
  if (settings.accessToken) tokens = staticToken(settings.accessToken);
  else if (settings.credentialsFile) tokens = credentialsFileTokens(settings.credentialsFile, settings.fetch);
  else throw new Error("Vertex AI needs VERTEX_ACCESS_TOKEN or GOOGLE_APPLICATION_CREDENTIALS");
  const modelsPath = `/v1/projects/${encodeURIComponent(settings.project)}/locations/${encodeURIComponent(settings.location)}/publishers/google/models`;
  const hints = {
    auth: settings.accessToken
      ? "VERTEX_ACCESS_TOKEN was rejected; access tokens expire after about an hour"
      : `check that the service account in ${settings.credentialsFile} may use Vertex AI in project ${settings.project}`,
    not_found: `the model is retired or not offered in ${settings.location} for project ${settings.project}`,
  };
  return {
    id: "vertex",
    name: "Vertex AI",
    simulated: false,
    baseUrl,
    imageModel: (offer: ProviderOffer) =>
      new ImagenPredictModel(offer, {
        provider: "vertex",
        providerName: "Vertex AI",
        dialect: "vertex",
        url: `${baseUrl}${modelsPath}/${encodeURIComponent(offer.providerModelId)}:predict`,
        headers: async (signal) => ({ authorization: `Bearer ${await tokens(signal)}` }),
        fetch: settings.fetch,
        hints,
      }),
  };
}

import type { ProviderFactory } from "../provider-factory";
import { createVertexProvider } from "./vertex-provider";

export { createVertexProvider, type VertexProviderSettings } from "./vertex-provider";
export { vertexBaseUrl } from "./vertex-endpoints";

export const vertexProvider: ProviderFactory = {
  id: "vertex",
  name: "Vertex AI",
  enabledBy: ["VERTEX_PROJECT", "GOOGLE_APPLICATION_CREDENTIALS", "VERTEX_ACCESS_TOKEN"],
  create: (env) => {
    if (!env.VERTEX_PROJECT || !(env.VERTEX_ACCESS_TOKEN || env.GOOGLE_APPLICATION_CREDENTIALS)) return undefined;
    return createVertexProvider({
      project: env.VERTEX_PROJECT,
      location: env.VERTEX_LOCATION,
      baseUrl: env.VERTEX_BASE_URL,
      accessToken: env.VERTEX_ACCESS_TOKEN,
      credentialsFile: env.GOOGLE_APPLICATION_CREDENTIALS,
    });
  },
};

import type { ProviderFactory } from "../factories";

export const vertexProvider: ProviderFactory = {
  id: "vertex",
  name: "Vertex AI",
  enabledBy: ["VERTEX_PROJECT", "GOOGLE_APPLICATION_CREDENTIALS", "VERTEX_ACCESS_TOKEN"],
  create: () => undefined,
};

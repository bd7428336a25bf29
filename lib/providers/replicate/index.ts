import type { ProviderFactory } from "../factories";

export const replicateProvider: ProviderFactory = {
  id: "replicate",
  name: "Replicate",
  enabledBy: ["REPLICATE_API_TOKEN"],
  create: () => undefined,
};

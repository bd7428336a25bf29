import type { ProviderFactory } from "../factories";

export const aimlapiProvider: ProviderFactory = {
  id: "aimlapi",
  name: "AIML API",
  enabledBy: ["AIMLAPI_KEY"],
  create: () => undefined,
};

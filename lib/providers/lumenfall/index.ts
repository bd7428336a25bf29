import type { ProviderFactory } from "../factories";

export const lumenfallProvider: ProviderFactory = {
  id: "lumenfall",
  name: "Lumenfall",
  enabledBy: ["LUMENFALL_API_KEY"],
  create: () => undefined,
};

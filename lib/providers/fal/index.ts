import type { ProviderFactory } from "../factories";

export const falProvider: ProviderFactory = {
  id: "fal",
  name: "fal.ai",
  enabledBy: ["FAL_KEY"],
  create: () => undefined,
};

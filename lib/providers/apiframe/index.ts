import type { ProviderFactory } from "../factories";

export const apiframeProvider: ProviderFactory = {
  id: "apiframe",
  name: "apiframe",
  enabledBy: ["APIFRAME_API_KEY"],
  create: () => undefined,
};

import type { ProviderFactory } from "../provider-factory";
import { createApiframeProvider } from "./apiframe-provider";

export { createApiframeProvider } from "./apiframe-provider";
export { ApiframeImageModel, type ApiframeSettings } from "./apiframe-image-model";

export const apiframeProvider: ProviderFactory = {
  id: "apiframe",
  name: "apiframe",
  enabledBy: ["APIFRAME_API_KEY"],
  create: (env) =>
    env.APIFRAME_API_KEY
      ? createApiframeProvider({
          apiKey: env.APIFRAME_API_KEY,
          baseUrl: env.APIFRAME_BASE_URL,
          pollIntervalMs: env.DARKROOM_POLL_INTERVAL_MS,
          maxDownloadBytes: env.DARKROOM_MAX_DOWNLOAD_BYTES,
        })
      : undefined,
};

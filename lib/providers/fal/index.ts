import type { ProviderFactory } from "../provider-factory";
import { createFalProvider } from "./fal-provider";

export { createFalProvider, type FalProviderSettings } from "./fal-provider";
export { FalImageModel } from "./fal-image-model";

export const falProvider: ProviderFactory = {
  id: "fal",
  name: "fal.ai",
  enabledBy: ["FAL_KEY"],
  create: (env) =>
    env.FAL_KEY
      ? createFalProvider({
          apiKey: env.FAL_KEY,
          queueUrl: env.FAL_QUEUE_URL,
          pollIntervalMs: env.DARKROOM_POLL_INTERVAL_MS,
          maxDownloadBytes: env.DARKROOM_MAX_DOWNLOAD_BYTES,
        })
      : undefined,
};

import type { ProviderFactory } from "../provider-factory";
import { createReplicateProvider } from "./replicate-provider";

export { createReplicateProvider, type ReplicateProviderSettings } from "./replicate-provider";
export { ReplicateImageModel, type ReplicateSettings } from "./replicate-image-model";
export { REPLICATE_MODELS } from "./replicate-inputs";

export const replicateProvider: ProviderFactory = {
  id: "replicate",
  name: "Replicate",
  enabledBy: ["REPLICATE_API_TOKEN"],
  create: (env) =>
    env.REPLICATE_API_TOKEN
      ? createReplicateProvider({
          apiToken: env.REPLICATE_API_TOKEN,
          baseUrl: env.REPLICATE_BASE_URL,
          pollIntervalMs: env.DARKROOM_POLL_INTERVAL_MS,
          maxDownloadBytes: env.DARKROOM_MAX_DOWNLOAD_BYTES,
          cancelAfterMs: env.DARKROOM_PROVIDER_TIMEOUT_MS,
        })
      : undefined,
};

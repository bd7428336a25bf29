import type { ProviderFactory } from "../provider-factory";
import { createAimlapiProvider } from "./aimlapi-provider";

export { createAimlapiProvider } from "./aimlapi-provider";
export { AimlapiImageModel, AIMLAPI_PROMPT_MAX_CHARS, type AimlapiSettings } from "./aimlapi-image-model";

export const aimlapiProvider: ProviderFactory = {
  id: "aimlapi",
  name: "AIML API",
  enabledBy: ["AIMLAPI_KEY"],
  create: (env) =>
    env.AIMLAPI_KEY
      ? createAimlapiProvider({ apiKey: env.AIMLAPI_KEY, baseUrl: env.AIMLAPI_BASE_URL, maxDownloadBytes: env.DARKROOM_MAX_DOWNLOAD_BYTES })
      : undefined,
};

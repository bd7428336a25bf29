import type { ProviderOffer } from "@/lib/catalog/schema";
import type { Provider } from "../types";
import { APIFRAME } from "./apiframe-errors";
import { ApiframeImageModel, type ApiframeSettings } from "./apiframe-image-model";

export function createApiframeProvider(settings: ApiframeSettings): Provider {
  const resolved = { ...settings, baseUrl: settings.baseUrl.replace(/\/+$/, "") };
  return {
    id: APIFRAME,
    name: "apiframe",
    simulated: false,
    baseUrl: resolved.baseUrl,
    imageModel: (offer: ProviderOffer) => new ApiframeImageModel(offer, resolved),
  };
}

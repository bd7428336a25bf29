import type { ProviderOffer } from "@/lib/catalog/schema";
import type { Provider } from "../types";
import { AIMLAPI } from "./aimlapi-errors";
import { AimlapiImageModel, type AimlapiSettings } from "./aimlapi-image-model";

export function createAimlapiProvider(settings: AimlapiSettings): Provider {
  const resolved = { ...settings, baseUrl: settings.baseUrl.replace(/\/+$/, "") };
  return {
    id: AIMLAPI,
    name: "AIML API",
    simulated: false,
    baseUrl: resolved.baseUrl,
    imageModel: (offer: ProviderOffer) => new AimlapiImageModel(offer, resolved),
  };
}

import { SIMULATOR_LABEL, SIMULATOR_PROVIDER, type ProviderOffer } from "@/lib/catalog";
import type { Provider } from "../types";
import { LocalImageModel } from "./local-image-model";

export interface LocalProviderSettings {
  latencyMs: number;
  failureRate: (modelId: string) => number;
  random?: () => number;
}

export function createLocalProvider(settings: LocalProviderSettings): Provider {
  const random = settings.random ?? Math.random;
  return {
    id: SIMULATOR_PROVIDER,
    name: SIMULATOR_LABEL,
    simulated: true,
    imageModel: (offer: ProviderOffer) => new LocalImageModel(offer, { latencyMs: settings.latencyMs, failureRate: settings.failureRate, random }),
  };
}

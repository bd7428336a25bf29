import type { ProviderOffer } from "@/lib/catalog/schema";
import type { FetchFn } from "../shared/http";
import type { Provider } from "../types";
import { FalImageModel } from "./fal-image-model";

export interface FalProviderSettings {
  apiKey: string;
  queueUrl: string;
  pollIntervalMs: number;
  maxDownloadBytes: number;
  /** Injected by tests. */
  fetch?: FetchFn;
}

export function createFalProvider(settings: FalProviderSettings): Provider {
  const queueUrl = settings.queueUrl.replace(/\/+$/, "");
  const modelSettings = { ...settings, queueUrl };
  return {
    id: "fal",
    name: "fal.ai",
    simulated: false,
    baseUrl: queueUrl,
    imageModel: (offer: ProviderOffer) => new FalImageModel(offer, modelSettings),
  };
}

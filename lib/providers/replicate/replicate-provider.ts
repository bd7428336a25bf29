import type { ProviderOffer } from "@/lib/catalog/schema";
import type { FetchFn } from "../shared/http";
import type { Provider } from "../types";
import { REPLICATE } from "./replicate-errors";
import { ReplicateImageModel } from "./replicate-image-model";

export interface ReplicateProviderSettings {
  apiToken: string;
  /** API origin; a trailing /v1 is tolerated. Default https://api.replicate.com. */
  baseUrl?: string;
  pollIntervalMs?: number;
  maxDownloadBytes?: number;
  /** Sent as Cancel-After on every prediction: the provider timeout, so nothing runs on after we give up. */
  cancelAfterMs?: number;
  fetch?: FetchFn;
  resolve?: (host: string) => Promise<string[]>;
}

export function createReplicateProvider(settings: ReplicateProviderSettings): Provider {
  const baseUrl = (settings.baseUrl ?? "https://api.replicate.com").replace(/\/+$/, "").replace(/\/v1$/, "");
  const modelSettings = {
    apiToken: settings.apiToken,
    baseUrl,
    pollIntervalMs: settings.pollIntervalMs ?? 1000,
    maxDownloadBytes: settings.maxDownloadBytes ?? 50 * 1024 * 1024,
    cancelAfterMs: settings.cancelAfterMs,
    fetch: settings.fetch,
    resolve: settings.resolve,
  };
  return {
    id: REPLICATE,
    name: "Replicate",
    simulated: false,
    baseUrl,
    imageModel: (offer: ProviderOffer) => new ReplicateImageModel(offer, modelSettings),
  };
}

import { createLocalProvider } from "./local/local-provider";
import { REAL_PROVIDERS } from "./factories";
import type { ProviderFactory } from "./provider-factory";
import type { Env } from "@/lib/config/env";
import type { CatalogModel } from "@/lib/catalog/schema";
import { SIMULATOR_PROVIDER } from "@/lib/catalog";
import type { Provider } from "./types";

export interface ProviderStatus {
  id: string;
  name: string;
  configured: boolean;
  simulated: boolean;
  baseUrl?: string;
  /** The environment variables that enable it (names only, never values). */
  enabledBy: string[];
}

export interface ProviderRegistry {
  /** Configured providers by id, the simulator included when it is on. */
  providers: Map<string, Provider>;
  simulator: "on" | "off";
  statuses: ProviderStatus[];
  /** Whether `provider` may serve `model` unpinned: the simulator steps aside once a real provider serves it. */
  servesUnpinned(provider: string, model: CatalogModel): boolean;
}

export function buildRegistry(env: Env, factories: ProviderFactory[] = REAL_PROVIDERS, random?: () => number): ProviderRegistry {
  const providers = new Map<string, Provider>();
  const statuses: ProviderStatus[] = [];
  for (const factory of factories) {
    const provider = factory.create(env);
    if (provider) providers.set(provider.id, provider);
    statuses.push({
      id: factory.id,
      name: factory.name,
      configured: Boolean(provider),
      simulated: false,
      baseUrl: provider?.baseUrl,
      enabledBy: factory.enabledBy,
    });
  }
  const anyReal = providers.size > 0;
  const simulator = env.DARKROOM_SIMULATOR === "on" || (env.DARKROOM_SIMULATOR === "auto" && !anyReal) ? "on" : "off";
  const local = createLocalProvider({
    latencyMs: env.DARKROOM_SIMULATOR_LATENCY_MS,
    failureRate: env.simulatorFailureRate,
    random,
  });
  if (simulator === "on") providers.set(local.id, local);
  statuses.push({
    id: local.id,
    name: local.name,
    configured: simulator === "on",
    simulated: true,
    enabledBy: ["DARKROOM_SIMULATOR"],
  });
  return {
    providers,
    simulator,
    statuses,
    servesUnpinned(provider, model) {
      if (!providers.has(provider)) return false;
      if (provider !== SIMULATOR_PROVIDER) return true;
      return !model.providers.some((o) => o.provider !== SIMULATOR_PROVIDER && providers.has(o.provider));
    },
  };
}

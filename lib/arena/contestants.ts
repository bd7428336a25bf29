import "server-only";
import { invalidRequest } from "@/lib/generation/errors";
import { findModel, listModels, parseModelAddress, SIMULATOR_LABEL, SIMULATOR_PROVIDER } from "@/lib/catalog";
import { serverContext } from "@/lib/server/context";

/** A contestant is a model id (the router picks its provider) or a pinned `provider/model` pair. */
export interface ContestantInfo {
  contestant: string;
  model: string;
  provider: string | null;
}

/** Splits a contestant name without checking the catalog: imported battles may name anything. */
export function describeContestant(contestant: string): ContestantInfo {
  const { provider, modelId } = parseModelAddress(contestant);
  return { contestant, model: modelId, provider: provider ?? null };
}

/** A contestant this server can generate for, or a 400 naming it. */
export function checkContestant(contestant: string, param = "contestants"): ContestantInfo {
  const info = describeContestant(contestant);
  const model = findModel(info.model);
  if (!model) throw invalidRequest(`Unknown contestant '${contestant}': use a model id or provider/model`, param, "unknown_contestant");
  if (info.provider && !model.providers.some((o) => o.provider === info.provider)) {
    throw invalidRequest(`The provider '${info.provider}' does not serve ${model.id}`, param, "unknown_contestant");
  }
  return info;
}

/** Every active model something here serves without pinning: the roster when none is given. */
export function defaultRoster(): string[] {
  const { registry } = serverContext();
  return listModels()
    .filter((m) => m.lifecycle.state === "active" && m.providers.some((o) => registry.servesUnpinned(o.provider, m)))
    .map((m) => m.id);
}

/** Every contestant the roster picker offers: each served model, then each of its providers configured here. */
export function contestantOptions(): { value: string; label: string }[] {
  const { registry } = serverContext();
  const name = (id: string) => (id === SIMULATOR_PROVIDER ? SIMULATOR_LABEL : (registry.providers.get(id)?.name ?? id));
  const served = new Set(defaultRoster());
  return listModels()
    .filter((m) => served.has(m.id))
    .flatMap((m) => [
      { value: m.id, label: m.name },
      ...m.providers.filter((o) => registry.providers.has(o.provider)).map((o) => ({ value: o.key, label: `${m.name} on ${name(o.provider)}` })),
    ]);
}

export function providerLabel(provider: string | null): string | null {
  if (!provider) return null;
  if (provider === SIMULATOR_PROVIDER) return SIMULATOR_LABEL;
  return serverContext().registry.providers.get(provider)?.name ?? provider;
}

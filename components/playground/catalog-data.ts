import "server-only";
import { listModels, SIMULATOR_LABEL, SIMULATOR_PROVIDER, type CatalogModel } from "@/lib/catalog";
import { modelParameterSchema } from "@/lib/params/model-schema";
import { modelTiers, sizeChoice, tierRatios } from "@/lib/params/sizes";
import { pricePerImage } from "@/lib/router/cost";
import { serverContext } from "@/lib/server/context";
import type { PlaygroundCatalog, PlaygroundModel } from "./catalog";

/** Display names of providers by id, from the registry (the simulator under its own label). */
export function providerNames(): Map<string, string> {
  const names = new Map(serverContext().registry.statuses.map((s) => [s.id, s.name]));
  names.set(SIMULATOR_PROVIDER, SIMULATOR_LABEL);
  return names;
}

function playgroundModel(model: CatalogModel, names: Map<string, string>): PlaygroundModel {
  const { registry, defaultModel } = serverContext();
  const schema = modelParameterSchema(model, defaultModel);
  return {
    id: model.id,
    name: model.name,
    creator: model.creator,
    description: model.description,
    status: model.lifecycle.state,
    lifecycleNote: model.lifecycle.note ?? null,
    promptMaxChars: model.promptMaxChars,
    defaultAspectRatio: model.defaultAspectRatio,
    defaultResolution: model.defaultTier,
    sizes: modelTiers(model).flatMap((tier) =>
      tierRatios(model, tier).map((ratio) => {
        const choice = sizeChoice(model, tier, ratio);
        return { resolution: tier, aspectRatio: ratio, size: choice.nominal, width: choice.width, height: choice.height };
      }),
    ),
    qualities: model.qualities,
    styles: model.styles,
    thinkingLevels: model.thinkingLevels,
    providers: model.providers.map((offer) => ({
      id: offer.provider,
      name: names.get(offer.provider) ?? offer.provider,
      configured: registry.providers.has(offer.provider),
      simulated: offer.provider === SIMULATOR_PROVIDER,
      servesUnpinned: registry.servesUnpinned(offer.provider, model),
      pricePerImage: pricePerImage(offer, { tier: model.defaultTier, aspectRatio: model.defaultAspectRatio }) ?? null,
    })),
    handling: Object.fromEntries(schema.filter((p) => Object.keys(p.providers).length).map((p) => [p.name, p.providers])),
  };
}

export function playgroundModels(): PlaygroundModel[] {
  const names = providerNames();
  return listModels().map((model) => playgroundModel(model, names));
}

/**
 * The models Edit mode offers, with what their configured edit providers take: a mask only counts when a
 * configured provider honours it (the simulator's offer exists whether or not the simulator is on).
 */
export function playgroundEditable(): PlaygroundCatalog["editable"] {
  const { registry } = serverContext();
  return listModels().flatMap((model) => {
    const offers = model.providers.filter((o) => o.edit);
    if (offers.length === 0) return [];
    const configured = offers.filter((o) => registry.providers.has(o.provider));
    const usable = configured.length ? configured : offers;
    return [{ id: model.id, maxInputImages: Math.max(...usable.map((o) => o.edit!.maxInputImages)), mask: usable.some((o) => o.edit!.mask) }];
  });
}

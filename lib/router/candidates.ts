import type { ProviderOffer } from "@/lib/catalog/schema";
import type { NormalizedRequest } from "@/lib/params/normalize";
import type { Warning } from "@/lib/params/warning";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { GatewayError, invalidRequest } from "@/lib/generation/errors";
import { isSimulated } from "@/lib/generation/simulated";
import { pricePerImage } from "./cost";
import { healthKey, type HealthBook } from "./health";
import { rankOffers } from "./policy";
import { policyFor, type RoutingConfig } from "./routing-config";

export interface Candidates {
  offers: ProviderOffer[];
  warnings: Warning[];
}

const rank = (order: string[], provider: string) => {
  const i = order.indexOf(provider);
  return i === -1 ? order.length : i;
};

const supportsSize = (offer: ProviderOffer, req: NormalizedRequest) =>
  offer.tiers.includes(req.size.tier) && offer.aspectRatios.includes(req.size.aspectRatio);

/** A pinned provider: only that one, and only when it is configured and offers the size. */
function pinnedOffer(req: NormalizedRequest, registry: ProviderRegistry): ProviderOffer {
  const { model } = req;
  const offer = model.providers.find((o) => o.provider === req.pinnedProvider)!;
  if (!registry.providers.has(offer.provider)) {
    throw invalidRequest(
      isSimulated(offer.provider)
        ? `The local simulator is off (DARKROOM_SIMULATOR=${registry.simulator === "off" ? "off or a real provider is configured" : "on"}); set DARKROOM_SIMULATOR=on to use local/${model.id}`
        : `The provider '${offer.provider}' is not configured on this server; GET /v1/providers shows how to enable it`,
      "model",
      "provider_not_configured",
    );
  }
  if (!supportsSize(offer, req)) {
    throw invalidRequest(
      `${offer.key} does not offer ${req.size.aspectRatio} at ${req.size.tier}; it offers ${offer.aspectRatios.join(", ")} at ${offer.tiers.join(", ")}`,
      "size",
      "unsupported_size",
    );
  }
  return offer;
}

/** The configured offers that can serve the request's size and prompt. */
function eligibleOffers(req: NormalizedRequest, registry: ProviderRegistry): ProviderOffer[] {
  const { model } = req;
  const configured = model.providers.filter((o) => registry.servesUnpinned(o.provider, model));
  if (configured.length === 0) {
    throw new GatewayError({
      kind: "not_configured",
      message: `No configured provider serves ${model.id}. Configure one of: ${model.providers.map((o) => o.provider).join(", ")} (GET /v1/providers).`,
      param: "model",
      code: "no_provider_configured",
    });
  }
  const fitsPrompt = (o: ProviderOffer) => o.promptMaxChars === undefined || req.prompt.length <= o.promptMaxChars;
  const eligible = configured.filter((o) => supportsSize(o, req) && fitsPrompt(o));
  if (eligible.length === 0) {
    throw invalidRequest(
      `No configured provider of ${model.id} offers ${req.size.aspectRatio} at ${req.size.tier} for a ${req.prompt.length}-character prompt`,
      configured.some((o) => supportsSize(o, req)) ? "prompt" : "size",
      "unsupported_size",
    );
  }
  return eligible;
}

/** The caller's provider_order, when given; otherwise the routing policy over the configured order. */
function orderOffers(req: NormalizedRequest, eligible: ProviderOffer[], routing: RoutingConfig, health: HealthBook): ProviderOffer[] {
  const { model } = req;
  if (req.providerOrder) {
    const unknown = req.providerOrder.filter((p) => !model.providers.some((o) => o.provider === p));
    if (unknown.length) {
      throw invalidRequest(`provider_order names providers that do not serve ${model.id}: ${unknown.join(", ")}`, "provider_order");
    }
    const ordered = req.providerOrder.flatMap((p) => eligible.filter((o) => o.provider === p));
    if (ordered.length === 0) {
      throw invalidRequest(`None of the providers in provider_order is configured for ${model.id} at this size`, "provider_order", "provider_not_configured");
    }
    return ordered;
  }
  const configuredOrder = routing.order[model.id] ?? [];
  const byConfig = [...eligible].sort((a, b) => rank(configuredOrder, a.provider) - rank(configuredOrder, b.provider));
  return rankOffers({
    offers: byConfig,
    policy: policyFor(routing, model.id),
    price: (o) => pricePerImage(o, { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality }) ?? Infinity,
    health: (o) => health.health(healthKey(o)),
  });
}

/**
 * The providers that may serve a request, best first: pinned → only that one; otherwise configured
 * providers that support the size, in the caller's provider_order or by routing policy (catalog order on ties).
 */
export function chooseCandidates(req: NormalizedRequest, registry: ProviderRegistry, routing: RoutingConfig, health: HealthBook): Candidates {
  const warnings: Warning[] = [];
  if (req.pinnedProvider) return { offers: [pinnedOffer(req, registry)], warnings };
  let ordered = orderOffers(req, eligibleOffers(req, registry), routing, health);
  const honoursSeed = (o: ProviderOffer) => Boolean(o.params.seed && o.params.seed.mode !== "unsupported");
  if (!req.seedDrawn) {
    // A caller who chose a seed wants it honoured: such providers go first, in policy order.
    ordered = [...ordered.filter(honoursSeed), ...ordered.filter((o) => !honoursSeed(o))];
    if (!ordered.some(honoursSeed)) {
      warnings.push({ type: "unsupported", param: "seed", message: `No configured provider of ${req.model.id} honours seeds; results will not be reproducible` });
    }
  }
  return { offers: ordered, warnings };
}

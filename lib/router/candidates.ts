import type { ProviderOffer } from "@/lib/catalog/schema";
import { invalidRequest } from "@/lib/api/errors";
import type { NormalizedRequest } from "@/lib/params/normalize";
import type { Warning } from "@/lib/params/warning";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { ApiError } from "@/lib/api/errors";
import { pricePerImage } from "./cost";

export interface Candidates {
  offers: ProviderOffer[];
  warnings: Warning[];
}

const supportsSize = (offer: ProviderOffer, req: NormalizedRequest) =>
  offer.tiers.includes(req.size.tier) && offer.aspectRatios.includes(req.size.aspectRatio);

/**
 * The providers that may serve a request, best first: pinned → only that one; otherwise configured
 * providers that support the size, in the caller's provider_order or cheapest first (catalog order on ties).
 */
export function chooseCandidates(req: NormalizedRequest, registry: ProviderRegistry): Candidates {
  const { model } = req;
  const warnings: Warning[] = [];
  if (req.pinnedProvider) {
    const offer = model.providers.find((o) => o.provider === req.pinnedProvider)!;
    if (!registry.providers.has(offer.provider)) {
      throw new ApiError(
        400,
        offer.provider === "local"
          ? `The local simulator is off (DARKROOM_SIMULATOR=${registry.simulator === "off" ? "off or a real provider is configured" : "on"}); set DARKROOM_SIMULATOR=on to use local/${model.id}`
          : `The provider '${offer.provider}' is not configured on this server; GET /v1/providers shows how to enable it`,
        "invalid_request_error",
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
    return { offers: [offer], warnings };
  }

  const configured = model.providers.filter((o) => registry.servesUnpinned(o.provider, model));
  if (configured.length === 0) {
    throw new ApiError(
      503,
      `No configured provider serves ${model.id}. Configure one of: ${model.providers.map((o) => o.provider).join(", ")} (GET /v1/providers).`,
      "service_unavailable",
      "model",
      "no_provider_configured",
    );
  }
  const eligible = configured.filter((o) => supportsSize(o, req));
  if (eligible.length === 0) {
    throw invalidRequest(
      `No configured provider of ${model.id} offers ${req.size.aspectRatio} at ${req.size.tier}`,
      "size",
      "unsupported_size",
    );
  }
  const catalogIndex = (o: ProviderOffer) => model.providers.indexOf(o);
  let ordered: ProviderOffer[];
  if (req.providerOrder) {
    const unknown = req.providerOrder.filter((p) => !model.providers.some((o) => o.provider === p));
    if (unknown.length) {
      throw invalidRequest(`provider_order names providers that do not serve ${model.id}: ${unknown.join(", ")}`, "provider_order");
    }
    ordered = req.providerOrder.flatMap((p) => eligible.filter((o) => o.provider === p));
    if (ordered.length === 0) {
      throw invalidRequest(`None of the providers in provider_order is configured for ${model.id} at this size`, "provider_order", "provider_not_configured");
    }
  } else {
    const price = (o: ProviderOffer) => pricePerImage(o, { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality }) ?? Infinity;
    ordered = [...eligible].sort((a, b) => price(a) - price(b) || catalogIndex(a) - catalogIndex(b));
  }
  if (req.seed !== undefined && !req.seedDrawn && !ordered.some((o) => o.params.seed && o.params.seed.mode !== "unsupported")) {
    warnings.push({ type: "unsupported", param: "seed", message: `No configured provider of ${model.id} honours seeds; results will not be reproducible` });
  }
  return { offers: ordered, warnings };
}

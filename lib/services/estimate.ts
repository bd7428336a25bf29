import "server-only";
import { withArenaAlias } from "@/lib/arena/alias";
import { isSimulated } from "@/lib/generation/simulated";
import { normalizeRequest } from "@/lib/params/normalize";
import { splitImages } from "@/lib/params/split";
import { chooseCandidates } from "@/lib/router/candidates";
import { estimateCost, pricePerImage } from "@/lib/router/cost";
import { serverContext } from "@/lib/server/context";
import type { ProviderOffer } from "@/lib/catalog/schema";

/** Narrows the offers a dry run may choose (an edit's: those that can edit its inputs); none left throws `none()`. */
export interface EstimateFilter {
  keep(offer: ProviderOffer): boolean;
  none(): Error;
}

/** ?dryRun=true: what a request would cost on the provider the router would choose, and on every other. */
export function estimate(body: unknown, filter?: EstimateFilter) {
  const ctx = serverContext();
  const req = normalizeRequest(body, { defaultModel: ctx.defaultModel });
  const candidates = chooseCandidates(req, ctx.registry, ctx.routing, ctx.health);
  const offers = filter ? candidates.offers.filter((o) => filter.keep(o)) : candidates.offers;
  if (offers.length === 0) throw filter!.none();
  const warnings = candidates.warnings;
  const query = { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality };
  const eligible = new Set(offers.map((o) => o.provider));
  const chosen = offers[0]!;
  const providers = req.model.providers.map((offer) => ({
    provider: offer.provider,
    key: offer.key,
    provider_model_id: offer.providerModelId,
    configured: ctx.registry.providers.has(offer.provider),
    eligible: eligible.has(offer.provider),
    simulated: isSimulated(offer.provider),
    price_per_image_usd: pricePerImage(offer, query) ?? null,
    estimated_cost_usd: estimateCost(offer, query, req.n),
    calls: splitImages(req.n, offer.maxImagesPerCall).length,
    price_source: offer.price.source,
    price_verified: offer.price.verified,
  }));
  return {
    object: "generation.estimate",
    dry_run: true,
    model: req.model.id,
    provider: chosen.provider,
    n: req.n,
    size: `${req.size.width}x${req.size.height}`,
    aspect_ratio: req.size.aspectRatio,
    resolution: req.size.tier,
    estimated_cost_usd: estimateCost(chosen, query, req.n),
    currency: "USD",
    providers,
    warnings: [...req.warnings, ...warnings],
  };
}

/** A dry run resolves an `arena:<board>` alias exactly like a real request, and says so in its warnings. */
export async function estimateAliased(body: unknown, filter?: EstimateFilter): Promise<ReturnType<typeof estimate>> {
  const alias = await withArenaAlias(body);
  const result = estimate(alias.body, filter);
  return alias.warning ? { ...result, warnings: [...result.warnings, alias.warning] } : result;
}

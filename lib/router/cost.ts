import type { ProviderOffer, Tier } from "@/lib/catalog/schema";
import type { ProviderUsage } from "@/lib/providers/types";

export interface PriceQuery {
  tier: Tier;
  aspectRatio: string;
  quality?: string;
}

/** Catalog price of one image at this offer; quality-priced models (OpenAI) use their quality table. */
export function pricePerImage(offer: ProviderOffer, query: PriceQuery): number | undefined {
  const quality = query.quality && query.quality !== "auto" ? query.quality : "medium";
  const byQuality = offer.price.byQuality?.[quality]?.[query.aspectRatio];
  if (byQuality !== undefined) return byQuality;
  return offer.price.perImage[query.tier];
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** Cost of one attempt: token usage when the provider reports it and the catalog prices it, else per image. */
export function attemptCost(offer: ProviderOffer, query: PriceQuery, images: number, usage?: ProviderUsage): number {
  if (images === 0) return 0;
  const tokens = offer.price.tokensPerMillion;
  if (tokens && usage && (usage.outputTokens !== undefined || usage.inputTokens !== undefined)) {
    const textIn = (usage.inputTokens ?? 0) - (usage.inputImageTokens ?? 0);
    return round(
      (textIn * tokens.textInput + (usage.inputImageTokens ?? 0) * tokens.imageInput + (usage.outputTokens ?? 0) * tokens.imageOutput) / 1e6,
    );
  }
  return round((pricePerImage(offer, query) ?? 0) * images);
}

export function estimateCost(offer: ProviderOffer, query: PriceQuery, images: number): number {
  return round((pricePerImage(offer, query) ?? 0) * images);
}

import { formatUsd } from "@/components/ui/format";
import type { ProviderOffer } from "@/lib/catalog/schema";

/** A provider's price as one line: per tier, or per quality from the cheapest to the dearest ratio. */
export function priceSummary(offer: ProviderOffer): string {
  if (offer.price.byQuality) {
    return Object.entries(offer.price.byQuality)
      .map(([quality, byRatio]) => {
        const values = Object.values(byRatio);
        const low = Math.min(...values);
        const high = Math.max(...values);
        return `${quality} ${formatUsd(low)}${high > low ? `–${formatUsd(high)}` : ""}`;
      })
      .join(" · ");
  }
  return Object.entries(offer.price.perImage)
    .map(([tier, usd]) => `${tier} ${formatUsd(usd)}`)
    .join(" · ");
}

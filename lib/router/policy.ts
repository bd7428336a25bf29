import type { ProviderOffer } from "@/lib/catalog/schema";
import type { ProviderHealth } from "./health";

export const ROUTING_POLICIES = ["priority", "cheapest", "fastest"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export interface RankInput {
  offers: ProviderOffer[];
  policy: RoutingPolicy;
  price: (offer: ProviderOffer) => number;
  health: (offer: ProviderOffer) => ProviderHealth;
}

/** Healthier first: closed breakers, then fewer recent failures. */
const healthScore = (h: ProviderHealth) => (h.state === "closed" ? 0 : h.state === "half-open" ? 1 : 2) + h.failureRatio;

/**
 * Orders eligible offers: priority keeps the configured (catalog) order, cheapest sorts by the catalog
 * price for the requested tier, fastest by the p50 latency of recent successes (unmeasured providers
 * after measured ones). Ties go to the healthier provider, then to catalog order.
 */
export function rankOffers({ offers, policy, price, health }: RankInput): ProviderOffer[] {
  const index = new Map(offers.map((o, i) => [o, i]));
  const primary = (o: ProviderOffer): number => {
    if (policy === "cheapest") return price(o);
    if (policy === "fastest") return health(o).p50LatencyMs ?? Number.MAX_SAFE_INTEGER;
    return 0;
  };
  return [...offers].sort(
    (a, b) => primary(a) - primary(b) || healthScore(health(a)) - healthScore(health(b)) || index.get(a)! - index.get(b)!,
  );
}

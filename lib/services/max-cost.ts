import "server-only";
import { withArenaAlias } from "@/lib/arena/alias";
import { GatewayError } from "@/lib/generation/errors";
import { normalizeRequest } from "@/lib/params/normalize";
import { chooseCandidates } from "@/lib/router/candidates";
import { estimateCost } from "@/lib/router/cost";
import { serverContext } from "@/lib/server/context";

export interface Quote {
  provider: string;
  estimatedCostUsd: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The body without `max_cost` (so it is never passed through to a provider) and the cap it carried. */
export function splitMaxCost(body: unknown): { body: unknown; maxCost: number | undefined } {
  if (!isRecord(body) || !("max_cost" in body)) return { body, maxCost: undefined };
  const { max_cost: raw, ...rest } = body;
  if (raw === null || raw === undefined) return { body: rest, maxCost: undefined };
  if (typeof raw !== "number" || !Number.isFinite(raw) || raw < 0) {
    throw new GatewayError({ kind: "invalid_request", message: "max_cost must be a non-negative number of USD", param: "max_cost", code: "invalid_value" });
  }
  return { body: rest, maxCost: raw };
}

/** The router's eligible providers for this body, in its order, each with its estimate for the whole request. */
export async function quotes(body: unknown): Promise<Quote[]> {
  const ctx = serverContext();
  const aliased = await withArenaAlias(body);
  const req = normalizeRequest(aliased.body, { defaultModel: ctx.defaultModel });
  const { offers } = chooseCandidates(req, ctx.registry, ctx.routing, ctx.health);
  const query = { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality };
  return offers.map((offer) => ({ provider: offer.provider, estimatedCostUsd: estimateCost(offer, query, req.n) }));
}

/**
 * Keeps only the providers whose estimate fits under `maxCost`, as a provider_order in the router's own
 * order (provider_order restricts routing to the providers it lists). None fits: max_cost_exceeded,
 * naming the cheapest quote.
 */
export function applyMaxCost(body: unknown, offers: Quote[], maxCost: number): unknown {
  const fitting = offers.filter((q) => q.estimatedCostUsd <= maxCost + 1e-9);
  if (fitting.length === 0) {
    const cheapest = [...offers].sort((a, b) => a.estimatedCostUsd - b.estimatedCostUsd)[0];
    throw new GatewayError({
      kind: "invalid_request",
      message: cheapest
        ? `No provider fits max_cost $${maxCost}: the cheapest quote is $${cheapest.estimatedCostUsd} on ${cheapest.provider}`
        : `No provider can serve this request under max_cost $${maxCost}`,
      param: "max_cost",
      code: "max_cost_exceeded",
      details: { max_cost: maxCost, cheapest: cheapest ? { provider: cheapest.provider, estimated_cost_usd: cheapest.estimatedCostUsd } : null },
    });
  }
  // The offers came from the router with the caller's provider_order already applied: their order is kept.
  return { ...(body as Record<string, unknown>), provider_order: fitting.map((q) => q.provider) };
}

import { ROUTING_POLICIES, type RoutingPolicy } from "./policy";

export interface RoutingConfig {
  defaultPolicy: RoutingPolicy;
  perModel: Record<string, RoutingPolicy>;
  /** Provider order per model for the priority policy (defaults to catalog order). */
  order: Record<string, string[]>;
  fallbackOnContentPolicy: boolean;
}

const isPolicy = (v: string): v is RoutingPolicy => (ROUTING_POLICIES as readonly string[]).includes(v);

/** DARKROOM_ROUTING: a policy for all models ("cheapest"), or per model with a default ("flux-dev=fastest,priority"). */
export function parseRoutingEnv(spec: string): { defaultPolicy?: RoutingPolicy; perModel: Record<string, RoutingPolicy> } {
  let defaultPolicy: RoutingPolicy | undefined;
  const perModel: Record<string, RoutingPolicy> = {};
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.includes("=") ? part.split("=", 2).map((s) => s.trim()) : [undefined, part];
    if (!value || !isPolicy(value)) throw new Error(`routing policy '${value}' must be one of ${ROUTING_POLICIES.join(", ")}`);
    if (key === undefined) defaultPolicy = value;
    else perModel[key] = value;
  }
  return { defaultPolicy, perModel };
}

export function policyFor(config: RoutingConfig, modelId: string): RoutingPolicy {
  return config.perModel[modelId] ?? config.defaultPolicy;
}

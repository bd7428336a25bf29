import { z } from "zod";
import { findModel } from "@/lib/catalog";
import { ROUTING_POLICIES } from "./policy";

const policySchema = z.enum(ROUTING_POLICIES);

/** The `routing` section of darkroom.providers.json: a default policy, per-model policies and provider orders. */
const routingSectionSchema = z.strictObject({
  policy: policySchema.optional(),
  models: z.record(z.string(), policySchema).optional(),
  order: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
  fallbackOnContentPolicy: z.boolean().optional(),
});
export type RoutingSection = z.infer<typeof routingSectionSchema>;

const fieldPath = (path: PropertyKey[]) =>
  path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}.${String(key)}`), "routing");

/**
 * Validates the routing section the providers file carries (read by lib/providers as opaque JSON, since
 * providers know nothing of routing). A bad section throws naming the file and the field.
 */
export function parseRoutingSection(file: string, section: unknown): RoutingSection {
  const parsed = routingSectionSchema.safeParse(section ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) =>
      i.code === "unrecognized_keys" ? `${fieldPath([...i.path, i.keys[0]!])}: unknown field` : `${fieldPath(i.path)}: ${i.message}`,
    );
    throw new Error(`${file} is invalid: ${issues.join("; ")}`);
  }
  const routing = parsed.data;
  for (const [name, models] of [["models", routing.models], ["order", routing.order]] as const) {
    for (const modelId of Object.keys(models ?? {})) {
      if (!findModel(modelId)) throw new Error(`${file} is invalid: routing.${name}.${modelId}: not a catalog model`);
    }
  }
  return routing;
}

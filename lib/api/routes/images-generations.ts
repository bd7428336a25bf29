import "server-only";
import { env } from "@/lib/config/env";
import { SIMULATOR_LABEL } from "@/lib/catalog";
import { estimate } from "@/lib/services/estimate";
import { generate } from "@/lib/services/generate";
import { requireApiKey } from "../auth";
import { apiRoute, readJsonBody } from "../http";

const truthy = (v: string | null) => v !== null && ["1", "true", "yes"].includes(v.toLowerCase());

/** POST /v1/images/generations (also under /openai/v1). */
export const POST = apiRoute(async (req) => {
  requireApiKey(req);
  const body = await readJsonBody(req, env().DARKROOM_MAX_BODY_BYTES);
  const url = new URL(req.url);
  if (truthy(url.searchParams.get("dryRun")) || truthy(url.searchParams.get("dry_run"))) {
    return Response.json(estimate(body));
  }
  const result = await generate({ body, source: "api", signal: req.signal });
  const { darkroom } = result.body;
  return Response.json(result.body, {
    headers: {
      "x-darkroom-provider": darkroom.provider,
      "x-darkroom-provider-name": darkroom.simulated ? SIMULATOR_LABEL : darkroom.provider_name,
      "x-darkroom-simulated": String(darkroom.simulated),
      "x-darkroom-model": darkroom.model,
      "x-darkroom-generation-id": darkroom.id,
      "x-darkroom-cost-usd": String(darkroom.cost_usd),
    },
  });
});

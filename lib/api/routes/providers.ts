import "server-only";
import { listModels } from "@/lib/catalog";
import { serverContext } from "@/lib/server/context";
import { authenticate } from "../key-auth";
import { apiRoute } from "../http";

/** GET /v1/providers: every provider, whether it is configured, and its models; never a secret. */
export const listProvidersRoute = apiRoute(async (req) => {
  await authenticate(req);
  const { registry } = serverContext();
  const models = listModels();
  return Response.json({
    object: "list",
    simulator: registry.simulator,
    data: registry.statuses.map((status) => ({
      id: status.id,
      object: "provider",
      name: status.name,
      configured: status.configured,
      simulated: status.simulated,
      base_url: status.baseUrl ?? null,
      enabled_by: status.enabledBy,
      models: models.filter((m) => m.providers.some((o) => o.provider === status.id)).map((m) => m.id),
    })),
  });
});

import "server-only";
import { z } from "zod";
import { findGenerationView, listGenerationViews, type GenerationView } from "@/lib/services/generation-view";
import { webhookDeliveries } from "@/lib/services/webhooks";
import { authenticateCaller } from "../key-auth";
import { invalidRequest, notFound, toApiError } from "../errors";
import { apiRoute } from "../http";
import { imagesBody } from "../images-body";
import { imagesJson } from "../images-json";
import { webhookDeliveriesJson } from "../webhook-json";

/** A finished generation in the same shape its caller got: the Images body, or the OpenAI error. */
function viewJson(view: GenerationView) {
  if ("error" in view) return { ...view, error: toApiError(view.error).toBody().error };
  if (!("generation" in view)) return view;
  const { generation, ...head } = view;
  return { ...head, ...imagesBody(generation) };
}

/** GET /v1/generations/{id}: status, and once done the same body as the synchronous call. */
export const getGenerationRoute = apiRoute<{ id: string }>(async (req, _ctx, { id }) => {
  const { viewer } = await authenticateCaller(req);
  const view = await findGenerationView(id, viewer);
  if (!view) throw notFound(`Generation '${id}' does not exist`, "id", "generation_not_found");
  const deliveries = await webhookDeliveries(id);
  return imagesJson({ ...viewJson(view), ...(deliveries.length > 0 ? { webhook_deliveries: webhookDeliveriesJson(deliveries) } : {}) });
});

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().regex(/^gen_[a-z0-9]+$/).optional(),
});

/** GET /v1/generations?limit=&cursor=: past generations, newest first, keyset-paginated. */
export const listGenerationsRoute = apiRoute(async (req) => {
  const { viewer } = await authenticateCaller(req);
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = listQuery.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidRequest(`${String(issue.path[0])}: ${issue.message}`, String(issue.path[0]));
  }
  const { views, nextCursor } = await listGenerationViews({ ...parsed.data, viewer });
  return Response.json({ object: "list", data: views.map(viewJson), next_cursor: nextCursor });
});

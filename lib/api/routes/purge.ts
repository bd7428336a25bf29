import "server-only";
import { deleteGeneration, purgePayloads, PurgeForbiddenError, type Viewer } from "@/lib/services/purge";
import { authenticateCaller } from "../key-auth";
import { ApiError, notFound } from "../errors";
import { apiRoute } from "../http";

const GENERATION_ID = /^gen_[a-z0-9]+$/;

async function viewerOf(req: Request): Promise<Viewer> {
  return (await authenticateCaller(req)).viewer;
}

async function guarded<T>(run: () => Promise<T>, id: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PurgeForbiddenError) throw new ApiError(403, `You may not purge generation '${id}'`, "permission_error", "id", "not_owner");
    throw error;
  }
}

/** DELETE /v1/requests/{id}/payloads: prompt and bytes go, the billing record stays; again is a no-op. */
export const deletePayloadsRoute = apiRoute<{ id: string }>(async (req, _ctx, { id }) => {
  const viewer = await viewerOf(req);
  const done = GENERATION_ID.test(id) ? await guarded(() => purgePayloads(id, viewer), id) : undefined;
  if (!done) throw notFound(`Request '${id}' does not exist`, "id", "generation_not_found");
  return Response.json({ id, object: "request.payloads", deleted: true, files_removed: done.filesRemoved });
});

/** DELETE /v1/generations/{id}: the whole generation, as the gallery's delete; a gone one answers the same. */
export const deleteGenerationRoute = apiRoute<{ id: string }>(async (req, _ctx, { id }) => {
  const viewer = await viewerOf(req);
  if (!GENERATION_ID.test(id)) throw notFound(`Generation '${id}' does not exist`, "id", "generation_not_found");
  await guarded(() => deleteGeneration(id, viewer), id);
  return Response.json({ id, object: "generation", deleted: true });
});

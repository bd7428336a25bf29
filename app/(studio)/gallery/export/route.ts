import { z } from "zod";
import { ApiError, invalidRequest } from "@/lib/api/errors";
import { viewerFrom } from "@/lib/auth/session";
import { ownerScopeFor, type Viewer } from "@/lib/auth/viewer";
import { apiRoute } from "@/lib/api/http";
import { serverContext } from "@/lib/server/context";
import { exportZip } from "@/lib/services/export/zip";
import { visibleGenerationIds } from "@/lib/services/gallery";
import { parseGalleryParams, toGalleryQuery } from "@/lib/services/gallery-query";

export const dynamic = "force-dynamic";

const idsSchema = z.string().transform((v) => v.split(",").filter(Boolean)).pipe(z.array(z.string().regex(/^gen_[0-9a-z]{26}$/)).min(1).max(10_000));

/**
 * GET /gallery/export?ids=gen_…,gen_… (a selection), or the gallery's own filter parameters (a board, a
 * search…): a zip of the images with manifest.json and manifest.csv, streamed as it is written.
 */
export const GET = apiRoute(async (req) => zipResponse(new URL(req.url).searchParams, await exporter(req)));

/** The same from a form post (`ids` in the body): a large selection does not fit in a URL. */
export const POST = apiRoute(async (req) => {
  const viewer = await exporter(req);
  const form = await req.formData().catch(() => {
    throw invalidRequest("Send the selection as form data with an ids field", "ids");
  });
  return zipResponse(new URLSearchParams({ ids: String(form.get("ids") ?? "") }), viewer);
});

/** Pages' rule: a session with accounts on (members export their own generations only). */
async function exporter(req: Request): Promise<Viewer> {
  const viewer = await viewerFrom(req.headers);
  if (!viewer) throw new ApiError(401, "Sign in to export", "authentication_error", null, "missing_session");
  return viewer;
}

async function zipResponse(search: URLSearchParams, viewer: Viewer): Promise<Response> {
  const rawIds = search.get("ids");
  let selection;
  if (rawIds !== null) {
    const ids = idsSchema.safeParse(rawIds);
    if (!ids.success) throw invalidRequest("ids must be a comma-separated list of 1 to 10000 generation ids", "ids");
    selection = { ids: await visibleGenerationIds(ids.data, viewer) };
  } else {
    const { cursor: _cursor, limit: _limit, ...query } = toGalleryQuery(parseGalleryParams(search));
    selection = { query: { ...query, owner: ownerScopeFor(viewer, search.get("user") ?? undefined) } };
  }
  const body = await exportZip(selection, serverContext().storage);
  const name = `darkroom-export-${new Date().toISOString().slice(0, 19).replaceAll(":", "-")}.zip`;
  return new Response(body, { headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" } });
}

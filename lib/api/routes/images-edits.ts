import "server-only";
import { ownerOf } from "@/lib/auth/viewer";
import { env } from "@/lib/config/env";
import { editImages, startAsyncEdit } from "@/lib/services/edit";
import { estimateEdit } from "@/lib/services/edit-estimate";
import { applyRequestRetention } from "@/lib/services/retention";
import { readEditForm } from "../edit-form";
import { idempotencyKey, wantsAsync, wantsDryRun } from "../request-options";
import { asyncAccepted } from "../async-accepted";
import { apiRoute } from "../http";
import { darkroomHeaders, imagesBody } from "../images-body";
import { imagesJson } from "../images-json";
import { imageStream, partialImagesOf, streamedBody, wantsStream, type StreamChannel } from "../image-stream";
import { authenticateCaller } from "../key-auth";

const storeOf = (body: Record<string, unknown>) => (typeof body.store === "boolean" ? body.store : undefined);

/** POST /v1/images/edits (also under /openai/v1): OpenAI's multipart edit, routed like a generation. */
export const POST = apiRoute(async (req) => {
  const { apiKey, viewer } = await authenticateCaller(req);
  const owner = ownerOf(viewer);
  const { images, mask, body } = await readEditForm(req, env().DARKROOM_MAX_UPLOAD_BYTES);
  if (wantsDryRun(req)) return Response.json(await estimateEdit({ images, mask, body }));
  const queued = { images, mask, viewer, source: "api" as const, idempotencyKey: idempotencyKey(req), apiKey, owner };
  if (wantsAsync(req)) {
    // No signal: the edit runs in the queue after this answer, whoever hangs up.
    const { id, replayed } = await startAsyncEdit({ ...queued, body });
    await applyRequestRetention(id, { store: storeOf(body), apiKeyId: apiKey?.id });
    return asyncAccepted(req, id, replayed);
  }
  const common = { ...queued, signal: req.signal };
  if (wantsStream(body)) {
    const count = partialImagesOf(body);
    const run = async (channel: StreamChannel) => {
      const partials = count > 0 ? { partials: { count, onPartial: channel.partial } } : {};
      const { generation } = await editImages({ ...common, ...partials, body: streamedBody(body) });
      await applyRequestRetention(generation.id, { store: storeOf(body), apiKeyId: apiKey?.id });
      return generation;
    };
    return imageStream(run, {}, "image_edit");
  }
  const { generation, replayed } = await editImages({ ...common, body });
  await applyRequestRetention(generation.id, { store: storeOf(body), apiKeyId: apiKey?.id });
  return imagesJson(imagesBody(generation), { headers: { ...darkroomHeaders(generation), ...(replayed ? { "idempotent-replayed": "true" } : {}) } });
});

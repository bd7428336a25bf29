import "server-only";
import { ownerOf } from "@/lib/auth/viewer";
import { env } from "@/lib/config/env";
import { editImages } from "@/lib/services/edit";
import { estimateEdit } from "@/lib/services/edit-estimate";
import { applyRequestRetention } from "@/lib/services/retention";
import { readEditForm } from "../edit-form";
import { idempotencyKey, wantsAsync, wantsDryRun } from "../request-options";
import { invalidRequest } from "../errors";
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
  // Said plainly rather than answered synchronously: the caller asked not to hold the connection.
  if (wantsAsync(req)) {
    throw invalidRequest("Edits run synchronously or streamed (stream=true); Prefer: respond-async and ?async=true apply to generations only", null, "async_not_supported_for_edits");
  }
  const common = { images, mask, viewer, source: "api" as const, signal: req.signal, idempotencyKey: idempotencyKey(req), apiKey, owner };
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

import "server-only";
import { env } from "@/lib/config/env";
import { budgetedEstimate, budgetedGenerate, budgetedStartAsync } from "@/lib/services/budgeted-generate";
import { applyRequestRetention } from "@/lib/services/retention";
import { ownerOf } from "@/lib/auth/viewer";
import { authenticateCaller } from "../key-auth";
import { apiRoute, readRequestJson } from "../http";
import { darkroomHeaders, imagesBody } from "../images-body";
import { imagesJson } from "../images-json";
import { imageStream, partialImagesOf, streamedBody, wantsStream, type StreamChannel } from "../image-stream";
import { idempotencyKey, wantsAsync, wantsDryRun } from "../request-options";
import { withPartials } from "@/lib/providers/shared/partial-sink";
import { asyncAccepted } from "../async-accepted";

// `store` (boolean, validated with the rest of the body) picks the generation's retention.
const storeOf = (body: unknown) => (typeof body === "object" && body !== null ? (body as { store?: boolean | null }).store : undefined);

/** POST /v1/images/generations (also under /openai/v1). */
export const POST = apiRoute(async (req) => {
  const { apiKey, viewer } = await authenticateCaller(req);
  const owner = ownerOf(viewer);
  const body = await readRequestJson(req, env().DARKROOM_MAX_BODY_BYTES);
  if (wantsDryRun(req)) {
    return Response.json(await budgetedEstimate(body));
  }
  const key = idempotencyKey(req);
  if (wantsAsync(req)) {
    const { id, replayed } = await budgetedStartAsync({ body, source: "api", idempotencyKey: key, apiKey, owner });
    await applyRequestRetention(id, { store: storeOf(body), apiKeyId: apiKey?.id });
    return asyncAccepted(req, id, replayed);
  }
  if (wantsStream(body)) {
    const count = partialImagesOf(body);
    const run = async (channel: StreamChannel) => {
      const generate = () => budgetedGenerate({ body: streamedBody(body), source: "api", signal: req.signal, idempotencyKey: key, apiKey, owner });
      // Drafts reach the stream only from providers that send them; the others' calls carry a warning.
      const { generation } = count > 0 ? await withPartials({ count, onPartial: channel.partial }, generate) : await generate();
      await applyRequestRetention(generation.id, { store: storeOf(body), apiKeyId: apiKey?.id });
      return generation;
    };
    return imageStream(run);
  }
  // A client that hangs up cancels the provider calls; the record ends as cancelled, never pending.
  const { generation, replayed } = await budgetedGenerate({ body, source: "api", signal: req.signal, idempotencyKey: key, apiKey, owner });
  await applyRequestRetention(generation.id, { store: storeOf(body), apiKeyId: apiKey?.id });
  return imagesJson(imagesBody(generation), { headers: { ...darkroomHeaders(generation), ...(replayed ? { "idempotent-replayed": "true" } : {}) } });
});

import "server-only";
import { env } from "@/lib/config/env";
import { budgetedEstimate, budgetedGenerate, budgetedStartAsync } from "@/lib/services/budgeted-generate";
import { applyRequestRetention } from "@/lib/services/retention";
import { ownerOf } from "@/lib/auth/viewer";
import { authenticateCaller } from "../key-auth";
import { invalidRequest } from "../errors";
import { apiRoute, readRequestJson } from "../http";
import { darkroomHeaders, imagesBody } from "../images-body";
import { imagesJson } from "../images-json";
import { imageStream, streamedBody, wantsStream } from "../image-stream";
import { apiUrl } from "../public-url";

// `store` (boolean, validated with the rest of the body) picks the generation's retention.
const storeOf = (body: unknown) => (typeof body === "object" && body !== null ? (body as { store?: boolean | null }).store : undefined);

const truthy = (v: string | null) => v !== null && ["1", "true", "yes"].includes(v.toLowerCase());

function idempotencyKey(req: Request): string | undefined {
  const key = req.headers.get("idempotency-key")?.trim();
  if (key === undefined || key === "") return undefined;
  if (key.length > 255) throw invalidRequest("Idempotency-Key must be at most 255 characters", "Idempotency-Key", "invalid_idempotency_key");
  return key;
}

/** POST /v1/images/generations (also under /openai/v1). */
export const POST = apiRoute(async (req) => {
  const { apiKey, viewer } = await authenticateCaller(req);
  const owner = ownerOf(viewer);
  const body = await readRequestJson(req, env().DARKROOM_MAX_BODY_BYTES);
  const url = new URL(req.url);
  if (truthy(url.searchParams.get("dryRun")) || truthy(url.searchParams.get("dry_run"))) {
    return Response.json(await budgetedEstimate(body));
  }
  const key = idempotencyKey(req);
  const wantsAsync = truthy(url.searchParams.get("async")) || /\brespond-async\b/i.test(req.headers.get("prefer") ?? "");
  if (wantsAsync) {
    const { id, replayed } = await budgetedStartAsync({ body, source: "api", idempotencyKey: key, apiKey, owner });
    await applyRequestRetention(id, { store: storeOf(body), apiKeyId: apiKey?.id });
    return Response.json(
      { id, object: "generation", status: "pending", status_url: apiUrl(req, `/v1/generations/${id}`) },
      { status: 202, headers: { location: apiUrl(req, `/v1/generations/${id}`), "preference-applied": "respond-async", ...(replayed ? { "idempotent-replayed": "true" } : {}) } },
    );
  }
  if (wantsStream(body)) {
    const run = async () => {
      const { generation } = await budgetedGenerate({ body: streamedBody(body), source: "api", signal: req.signal, idempotencyKey: key, apiKey, owner });
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

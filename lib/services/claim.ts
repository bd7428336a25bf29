import "server-only";
import { createHash } from "node:crypto";
import { findByIdempotencyKey, createPendingGeneration, releaseIdempotencyKey } from "@/lib/db/generations";
import { GatewayError, invalidRequest } from "@/lib/generation/errors";
import { newId } from "@/lib/ids";
import { canonicalJson } from "@/lib/json/canonical";
import { normalizeRequest, type NormalizedRequest } from "@/lib/params/normalize";
import { chooseCandidates, type Candidates } from "@/lib/router/candidates";
import { estimateCost } from "@/lib/router/cost";
import { instanceId } from "@/lib/queue/instance";
import { serverContext } from "@/lib/server/context";
import { webhookUrlProblem } from "./webhooks";

export type GenerationSource = "api" | "playground" | "compare" | "arena";

export interface GenerateInput {
  body: unknown;
  source: GenerationSource;
  signal?: AbortSignal;
  comparisonId?: string;
  idempotencyKey?: string;
  /** Who makes it (lib/auth/viewer ownerOf): recorded on the row, so every surface can scope to its owner. */
  owner?: { userId?: string; apiKeyId?: string };
}

export interface Prepared {
  req: NormalizedRequest;
  candidates: Candidates;
}

const normalizedSummary = (req: NormalizedRequest) => ({
  model: req.model.id,
  pinned_provider: req.pinnedProvider ?? null,
  prompt: req.prompt,
  negative_prompt: req.negativePrompt ?? null,
  seed: req.seed,
  seed_drawn: req.seedDrawn,
  n: req.n,
  aspect_ratio: req.size.aspectRatio,
  resolution: req.size.tier,
  size: req.size.nominal,
  width: req.size.width,
  height: req.size.height,
  response_format: req.responseFormat,
  output_format: req.outputFormat ?? null,
  output_compression: req.outputCompression ?? null,
  quality: req.quality ?? null,
  style: req.style ?? null,
  thinking: req.thinking ?? null,
  enhance_prompt: req.enhancePrompt ?? null,
  provider_order: req.providerOrder ?? null,
  allow_partial: req.allowPartial,
  extra: req.extra,
});

/** Validation and provider choice: every caller error happens here, before any row is written. */
export function prepare(body: unknown, seed?: number): Prepared {
  const ctx = serverContext();
  const req = normalizeRequest(body, { defaultModel: ctx.defaultModel, ...(seed === undefined ? {} : { drawSeed: () => seed }) });
  if (req.webhookUrl && !ctx.webhookSecret) {
    throw invalidRequest("webhook_url needs DARKROOM_WEBHOOK_SECRET to be set on the server (it signs the deliveries)", "webhook_url", "webhooks_not_configured");
  }
  const webhookProblem = req.webhookUrl ? webhookUrlProblem(req.webhookUrl) : undefined;
  if (webhookProblem) throw invalidRequest(webhookProblem, "webhook_url", "invalid_webhook_url");
  return { req, candidates: chooseCandidates(req, ctx.registry, ctx.routing, ctx.health) };
}

const requestHash = (body: unknown) => createHash("sha256").update(canonicalJson(body)).digest("hex");

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

async function existingClaim(key: string, hash: string): Promise<string | undefined> {
  const existing = await findByIdempotencyKey({ key });
  if (!existing) return undefined;
  if (Date.now() - existing.createdAt.getTime() > IDEMPOTENCY_WINDOW_MS) {
    await releaseIdempotencyKey({ id: existing.id });
    return undefined;
  }
  if (existing.requestHash !== hash) {
    throw new GatewayError({ kind: "mismatch", message: "This Idempotency-Key was already used with a different request body", code: "idempotency_key_reused" });
  }
  return existing.id;
}

/** The most expensive eligible provider's estimate for the whole request: what routing saved is measured from it. */
function costCeiling({ req, candidates }: Prepared): number {
  const query = { tier: req.size.tier, aspectRatio: req.size.aspectRatio, quality: req.quality };
  return Math.max(0, ...candidates.offers.map((offer) => estimateCost(offer, query, req.n)));
}

/**
 * Idempotency-Key: the first request with a key generates; a retry with the same key and body within
 * 24 h gets that generation's result (waiting for it if it is still running) and is never billed again.
 */
export async function claim(input: GenerateInput, prepared: Prepared, async: boolean): Promise<{ id: string; fresh: boolean }> {
  const { req } = prepared;
  const key = input.idempotencyKey;
  const hash = key ? requestHash(input.body) : undefined;
  for (let tries = 0; tries < 3; tries++) {
    const replay = key ? await existingClaim(key, hash!) : undefined;
    if (replay) return { id: replay, fresh: false };
    const id = newId("gen");
    const { created } = await createPendingGeneration({
      id,
      source: input.source,
      model: req.model.id,
      prompt: req.prompt,
      negativePrompt: req.negativePrompt,
      seed: req.seed,
      n: req.n,
      request: req.requested as never,
      normalized: normalizedSummary(req) as never,
      ledger: [],
      comparisonId: input.comparisonId,
      idempotencyKey: key,
      requestHash: hash,
      async,
      webhookUrl: req.webhookUrl,
      userId: input.owner?.userId,
      apiKeyId: input.owner?.apiKeyId,
      // A synchronous generation belongs to this instance: another marks it interrupted once this one is gone.
      runner: async ? undefined : instanceId(),
      // In the pending row itself: a statement of its own cost every generation ~2 ms of the event loop.
      ceilingCostUsd: costCeiling(prepared),
    });
    if (created) return { id, fresh: true };
  }
  throw new GatewayError({ kind: "conflict", message: "This Idempotency-Key is in use by a concurrent request", code: "idempotency_key_conflict" });
}

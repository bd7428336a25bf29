import "server-only";
import { createHash } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { SIMULATOR_LABEL, SIMULATOR_PROVIDER } from "@/lib/catalog";
import {
  completeGeneration,
  createPendingGeneration,
  findByIdempotencyKey,
  recordAttempt,
  releaseIdempotencyKey,
} from "@/lib/db/generations";
import { newId } from "@/lib/ids";
import { EXTENSIONS } from "@/lib/images/sniff";
import { buildLedger, type LedgerEntry } from "@/lib/params/ledger";
import { normalizeRequest, type NormalizedRequest } from "@/lib/params/normalize";
import type { Warning } from "@/lib/params/warning";
import type { AttemptRecord } from "@/lib/router/attempt";
import { chooseCandidates, type Candidates } from "@/lib/router/candidates";
import { routeGeneration } from "@/lib/router/route";
import { serverContext } from "@/lib/server/context";
import { logger } from "@/lib/server/logger";
import { generationFailedError } from "./generation-error";
import { track, waitForGeneration } from "./running";
import { fillThumbnails } from "./thumbnails";
import { storeImage, type StoredImage } from "./store-images";
import { deliverWebhook } from "./webhooks";
import type { StoredFailure } from "./generation-view";

export type GenerationSource = "api" | "playground" | "compare" | "arena";

export interface GenerateInput {
  body: unknown;
  source: GenerationSource;
  signal?: AbortSignal;
  comparisonId?: string;
  idempotencyKey?: string;
}

export interface ImageData {
  url?: string;
  b64_json?: string;
  revised_prompt?: string;
}

export interface AttemptView {
  provider: string;
  status: string;
  error_kind: string | null;
  error: string | null;
  latency_ms: number;
  cost_usd: number;
  images: number;
}

export interface GenerationResponse {
  created: number;
  data: ImageData[];
  size: string;
  output_format: string;
  darkroom: {
    id: string;
    model: string;
    provider: string;
    provider_name: string;
    simulated: boolean;
    status: "succeeded" | "partial";
    seeds: (number | null)[];
    images: { index: number; id: string; url: string; thumbnail_url: string; width: number; height: number; format: string; bytes: number; seed: number | null }[];
    errors: { index: number; provider: string; kind: string; message: string }[];
    cost_usd: number;
    latency_ms: number;
    warnings: Warning[];
    ledger: LedgerEntry[];
    attempts: AttemptView[];
  };
}

export interface GenerationResult {
  body: GenerationResponse;
  /** True when an Idempotency-Key replayed an earlier generation instead of making a new one. */
  replayed: boolean;
}

export const imageUrl = (publicUrl: string, image: { id: string; format: string }) =>
  `${publicUrl}/images/${image.id}.${EXTENSIONS[image.format as keyof typeof EXTENSIONS] ?? image.format}`;
export const thumbnailUrl = (publicUrl: string, image: { id: string }) => `${publicUrl}/images/thumbs/${image.id}.webp`;

const attemptView = (a: AttemptRecord): AttemptView => ({
  provider: a.provider,
  status: a.status,
  error_kind: a.errorKind ?? null,
  error: a.errorMessage ?? null,
  latency_ms: a.latencyMs,
  cost_usd: a.costUsd,
  images: a.images,
});

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

interface Prepared {
  req: NormalizedRequest;
  candidates: Candidates;
}

/** Validation and provider choice: every 4xx happens here, before any row is written. */
function prepare(body: unknown, seed?: number): Prepared {
  const ctx = serverContext();
  const req = normalizeRequest(body, { defaultModel: ctx.defaultModel, ...(seed === undefined ? {} : { drawSeed: () => seed }) });
  if (req.webhookUrl && !ctx.webhookSecret) {
    throw new ApiError(400, "webhook_url needs DARKROOM_WEBHOOK_SECRET to be set on the server (it signs the deliveries)", "invalid_request_error", "webhook_url", "webhooks_not_configured");
  }
  return { req, candidates: chooseCandidates(req, ctx.registry, ctx.routing, ctx.health) };
}

const requestHash = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex");

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency-Key: the first request with a key generates; a retry with the same key and body within
 * 24 h gets that generation's result (waiting for it if it is still running) and is never billed again.
 */
async function claim(input: GenerateInput, prepared: Prepared, async: boolean): Promise<{ id: string; fresh: boolean }> {
  const key = input.idempotencyKey;
  const hash = key ? requestHash(input.body) : undefined;
  for (let tries = 0; tries < 3; tries++) {
    if (key) {
      const existing = await findByIdempotencyKey({ key });
      if (existing && Date.now() - existing.createdAt.getTime() > IDEMPOTENCY_WINDOW_MS) {
        await releaseIdempotencyKey({ id: existing.id });
      } else if (existing) {
        if (existing.requestHash !== hash) {
          throw new ApiError(422, "This Idempotency-Key was already used with a different request body", "invalid_request_error", null, "idempotency_key_reused");
        }
        return { id: existing.id, fresh: false };
      }
    }
    const id = newId("gen");
    const { req } = prepared;
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
    });
    if (created) return { id, fresh: true };
  }
  throw new ApiError(409, "This Idempotency-Key is in use by a concurrent request", "invalid_request_error", null, "idempotency_key_conflict");
}

/** The synchronous generation path of every surface: normalize → route → post-process → persist → respond. */
export async function generate(input: GenerateInput): Promise<GenerationResult> {
  const prepared = prepare(input.body);
  const { id, fresh } = await claim(input, prepared, false);
  if (!fresh) return { body: await waitForGeneration(id), replayed: true };
  const work = execute(id, prepared, input.signal);
  track(id, work);
  return { body: await work, replayed: false };
}

/** `Prefer: respond-async`: writes the row, answers at once, and generates in the background. */
export async function startGeneration(input: GenerateInput): Promise<{ id: string; replayed: boolean }> {
  const prepared = prepare(input.body);
  const { id, fresh } = await claim(input, prepared, true);
  if (fresh) runInBackground(id, prepared);
  return { id, replayed: !fresh };
}

/** Resumes an async generation a stop left pending, with its original body and seed. */
export function resumeGeneration(row: { id: string; request: unknown; seed: bigint }): void {
  try {
    runInBackground(row.id, prepare(row.request, Number(row.seed)));
  } catch (error) {
    const apiError = error instanceof ApiError ? error : new ApiError(500, "The generation could not be resumed", "server_error", null, "resume_failed");
    void fail(row.id, apiError, [], [], [], Date.now(), false);
  }
}

function runInBackground(id: string, prepared: Prepared): void {
  track(id, execute(id, prepared).catch(() => undefined));
}

async function fail(id: string, error: ApiError, warnings: Warning[], ledger: LedgerEntry[], attempts: AttemptRecord[], started: number, cancelled: boolean, stored: StoredImage[] = []) {
  error.extra.generation_id = id;
  error.extra.attempts = attempts.map(attemptView);
  const failure: StoredFailure = { status: error.status, body: error.toBody(), headers: error.headers };
  await completeGeneration({
    id,
    status: "failed",
    simulated: attempts.length > 0 && attempts.every((a) => a.provider === SIMULATOR_PROVIDER),
    costUsd: attempts.reduce((sum, a) => sum + a.costUsd, 0),
    latencyMs: Date.now() - started,
    warnings: warnings as never,
    ledger: ledger as never,
    errorCode: cancelled ? "cancelled" : (error.code ?? "generation_failed"),
    errorMessage: error.message,
    response: failure as never,
    images: stored,
  });
}

async function execute(id: string, { req, candidates }: Prepared, signal?: AbortSignal): Promise<GenerationResponse> {
  const ctx = serverContext();
  const started = Date.now();
  const warnings: Warning[] = [...req.warnings];
  const writes: Promise<void>[] = [];
  let attempts: AttemptRecord[] = [];
  let stored: StoredImage[] = [];
  let ledger: LedgerEntry[] = [];
  let result: GenerationResponse | undefined;
  let failure: ApiError | undefined;
  try {
    const outcome = await routeGeneration(req, candidates, ctx.registry, {
      attemptTimeoutMs: ctx.attemptTimeoutMs,
      deadlineMs: ctx.deadlineMs,
      retry: ctx.retry,
      health: ctx.health,
      bulkheads: ctx.bulkheads,
      fallbackOnContentPolicy: req.fallbackOnContentPolicy ?? ctx.routing.fallbackOnContentPolicy,
      signal,
      // Attempts are written as they happen, so a crash mid-generation still leaves its billing trail.
      onAttempt: (attempt) => writes.push(recordAttempt(id, attempt)),
    });
    attempts = outcome.attempts;
    warnings.push(...outcome.warnings);
    if (outcome.served) {
      ledger = buildLedger(req, outcome.served.offer, outcome.served.sent, outcome.warnings.some((w) => w.type === "emulated" && w.param === "n"), outcome.warnings);
    }
    stored = await Promise.all(
      outcome.images.map((image) => storeImage(image, { format: req.outputFormat, compression: req.outputCompression }, ctx.storage, warnings)),
    );
    await Promise.all(writes);
    if (stored.length === 0 || (outcome.failures.length > 0 && !req.allowPartial)) {
      throw generationFailedError(outcome.failures.map((f) => f.error), attempts);
    }

    const provider = outcome.served!.offer.provider;
    const simulated = provider === SIMULATOR_PROVIDER;
    const costUsd = Math.round(attempts.reduce((sum, a) => sum + a.costUsd, 0) * 1e6) / 1e6;
    const latencyMs = Date.now() - started;
    const status = outcome.failures.length ? "partial" : "succeeded";
    const first = stored[0]!;
    result = {
      created: Math.floor(started / 1000),
      data: stored.map((image) => ({ url: imageUrl(ctx.publicUrl, image), ...(image.revisedPrompt ? { revised_prompt: image.revisedPrompt } : {}) })),
      size: `${first.width}x${first.height}`,
      output_format: first.format,
      darkroom: {
        id,
        model: req.model.id,
        provider,
        provider_name: simulated ? SIMULATOR_LABEL : (ctx.registry.providers.get(provider)?.name ?? provider),
        simulated,
        status,
        seeds: stored.map((image) => image.seed),
        images: stored.map((image) => ({
          index: image.index,
          id: image.id,
          url: imageUrl(ctx.publicUrl, image),
          thumbnail_url: thumbnailUrl(ctx.publicUrl, image),
          width: image.width,
          height: image.height,
          format: image.format,
          bytes: image.bytes,
          seed: image.seed,
        })),
        errors: outcome.failures.map((f) => ({ index: f.index, provider: f.error.provider, kind: f.error.kind, message: f.error.message })),
        cost_usd: costUsd,
        latency_ms: latencyMs,
        warnings,
        ledger,
        attempts: attempts.map(attemptView),
      },
    };
    await completeGeneration({ id, status, provider, simulated, costUsd, latencyMs, warnings: warnings as never, ledger: ledger as never, response: result as never, images: stored });
  } catch (error) {
    await Promise.allSettled(writes);
    failure =
      error instanceof ApiError
        ? error
        : new ApiError(signal?.aborted ? 499 : 500, signal?.aborted ? "The request was cancelled" : "The generation failed inside the gateway", "server_error", null, signal?.aborted ? "cancelled" : "internal_error");
    if (!(error instanceof ApiError) && !signal?.aborted) logger().error({ err: error, generationId: id }, "generation failed");
    await fail(id, failure, warnings, ledger, attempts, started, Boolean(signal?.aborted), stored);
  }
  // Images kept by a failed generation (partial results without allow_partial) need thumbnails too.
  if (stored.length > 0) fillThumbnails();
  if (req.webhookUrl && ctx.webhookSecret) {
    const payload = result
      ? { type: "generation.succeeded", data: { id, object: "generation", status: result.darkroom.status, ...result } }
      : { type: "generation.failed", data: { id, object: "generation", status: "failed", error: failure!.toBody().error } };
    void deliverWebhook({ id, url: req.webhookUrl, payload, secret: ctx.webhookSecret });
  }
  if (failure) throw failure;
  if (req.responseFormat === "b64_json") {
    return { ...result!, data: stored.map((image, i) => ({ b64_json: image.base64 ?? image.data.toString("base64"), ...(result!.data[i]!.revised_prompt ? { revised_prompt: result!.data[i]!.revised_prompt } : {}) })) };
  }
  return result!;
}

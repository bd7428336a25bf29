import "server-only";
import { recordGeneration } from "@/lib/metrics/registry";
import { completeGeneration, recordAttempt } from "@/lib/db/generations";
import { totalCost, type AttemptRecord } from "@/lib/generation/attempt";
import { GatewayError } from "@/lib/generation/errors";
import { cancelledError, internalError, providersFailed } from "@/lib/generation/failure";
import { isSimulated } from "@/lib/generation/simulated";
import { storeError } from "@/lib/generation/stored-error";
import { buildLedger, type LedgerEntry } from "@/lib/params/ledger";
import type { NormalizedRequest } from "@/lib/params/normalize";
import type { Warning } from "@/lib/params/warning";
import { withBase64Answer } from "@/lib/providers/shared/base64-answer";
import { routeGeneration, type RouteEvent, type RouteOutcome } from "@/lib/router/route";
import { serverContext } from "@/lib/server/context";
import { attemptLogger } from "@/lib/server/attempt-log";
import { logger } from "@/lib/server/logger";
import type { Prepared } from "./claim";
import { finishGeneration, withBase64 } from "./finish-generation";
import type { Generation } from "@/lib/generation/generation";
import { storeImage, type StoredImage } from "./store-images";
import { announceStored } from "./stream-generation";
import { notifyWebhook } from "./webhooks";

/** What a generation has gathered so far: a failure at any step still records all of it. */
interface Progress {
  id: string;
  started: number;
  warnings: Warning[];
  attempts: AttemptRecord[];
  ledger: LedgerEntry[];
  stored: StoredImage[];
  /** Attempts of calls that made images: written with the outcome (completeGeneration), not on their own. */
  unwritten?: AttemptRecord[];
}

// Failed attempts, and fallbacks, are logged per attempt (attemptLogger); what only the router knows is
// when it waits to retry (debug) and when it skips an endpoint whose circuit is open (warn).
function logRouteEvent(generationId: string, model: string, event: RouteEvent): void {
  const { type, ...fields } = event;
  if (type === "retry") logger().debug({ generationId, model, ...fields }, `retrying ${event.provider}`);
  else if (type === "skipped") logger().warn({ generationId, model, ...fields }, `skipped ${event.provider}: circuit open`);
}

export interface RunOptions {
  /** Wait for an open circuit's cooldown (within the deadline) instead of failing at once. */
  waitOutCooldown?: boolean;
}

async function route(progress: Progress, { req, candidates }: Prepared, signal: AbortSignal | undefined, options: RunOptions): Promise<RouteOutcome> {
  const ctx = serverContext();
  const writes: Promise<void>[] = [];
  const logAttempt = attemptLogger(progress.id, req.model.id);
  const embed = req.embedMetadata ?? ctx.embedMetadata;
  const settings = embed ? { prompt: req.prompt, negativePrompt: req.negativePrompt, model: req.model.id, generationId: progress.id } : undefined;
  const wanted = { format: req.outputFormat, compression: req.outputCompression, settings };
  // Each call's images are stored as soon as the call is done, so a stream can send them at once.
  const storing: Promise<StoredImage>[] = [];
  try {
    const outcome = await routeGeneration(req, candidates, ctx.registry, {
      attemptTimeoutMs: ctx.attemptTimeoutMs,
      deadlineMs: ctx.deadlineMs,
      retry: ctx.retry,
      health: ctx.health,
      bulkheads: ctx.bulkheads,
      fallbackOnContentPolicy: req.fallbackOnContentPolicy ?? ctx.routing.fallbackOnContentPolicy,
      signal,
      waitOutCooldown: options.waitOutCooldown ?? false,
      onEvent: (event) => logRouteEvent(progress.id, req.model.id, event),
      onImages: (images) => {
        for (const image of images) {
          const stored = storeImage(image, wanted, ctx.storage, progress.warnings).then(announceStored);
          stored.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled meanwhile
          storing.push(stored);
        }
      },
      // Failed attempts are written as they happen, so a crash mid-generation (retries can take long)
      // still leaves its trail; a call that made images is followed within milliseconds by the outcome,
      // whose statement writes it, so each generation costs one statement fewer.
      onAttempt: (attempt) => {
        logAttempt(attempt);
        progress.attempts.push(attempt);
        if (attempt.status === "succeeded") (progress.unwritten ??= []).push(attempt);
        else writes.push(recordAttempt(progress.id, attempt));
      },
    });
    progress.warnings.push(...outcome.warnings);
    if (outcome.served) {
      const emulatedN = outcome.warnings.some((w) => w.type === "emulated" && w.param === "n");
      progress.ledger = buildLedger(req, outcome.served.offer, outcome.served.sent, emulatedN, outcome.warnings);
    }
    progress.stored = (await Promise.all(storing)).sort((a, b) => a.index - b.index);
    return outcome;
  } finally {
    await Promise.allSettled(writes);
  }
}

/** Why a routed generation gives no answer, if it does not: a cancel (the caller's or the deadline's) wins. */
function routedFailure(outcome: RouteOutcome, progress: Progress, req: NormalizedRequest, signal?: AbortSignal): GatewayError | undefined {
  if (progress.stored.length > 0 && (outcome.failures.length === 0 || req.allowPartial)) return undefined;
  if (signal?.aborted) return cancelledError(progress.attempts);
  if (outcome.cancelled) return cancelledError(progress.attempts, "deadline");
  return providersFailed(outcome.failures.map((f) => f.error), progress.attempts);
}

function thrownFailure(error: unknown, progress: Progress, req: NormalizedRequest, signal?: AbortSignal): GatewayError {
  if (signal?.aborted) return cancelledError(progress.attempts);
  if (error instanceof GatewayError) return error;
  logger().error({ err: error, generationId: progress.id, model: req.model.id }, "generation failed");
  return internalError(error, progress.attempts);
}

export async function failGeneration(id: string, error: GatewayError, progress: Omit<Progress, "id">): Promise<void> {
  error.generationId = id;
  error.attempts = progress.attempts;
  const cancelled = error.kind === "cancelled";
  await completeGeneration({
    id,
    status: cancelled ? "cancelled" : "failed",
    simulated: progress.attempts.length > 0 && progress.attempts.every((a) => isSimulated(a.provider)),
    costUsd: totalCost(progress.attempts),
    latencyMs: Date.now() - progress.started,
    warnings: progress.warnings as never,
    ledger: progress.ledger as never,
    errorCode: error.code ?? "generation_failed",
    errorMessage: error.message,
    response: storeError(error) as never,
    images: progress.stored,
    attempts: progress.unwritten,
  });
}

/** Queues the webhook of a finished generation; the API layer renders its body (setWebhookPayloadRenderer). */
async function notify(id: string, req: NormalizedRequest, result: Generation | undefined, failure: GatewayError | undefined): Promise<void> {
  if (!req.webhookUrl || !serverContext().webhookSecret) return;
  const outcome = result ? { generation: result } : { error: failure! };
  // The generation is done whatever happens to its webhook: a queue that cannot take the job is logged.
  await notifyWebhook({ id, url: req.webhookUrl, outcome }).catch((error: unknown) => logger().error({ err: error, generationId: id }, "could not queue a webhook delivery"));
}

/** Routes, stores and records one generation; resolves with it or throws its GatewayError. */
export async function executeGeneration(id: string, prepared: Prepared, signal?: AbortSignal, options: RunOptions = {}): Promise<Generation> {
  const { req } = prepared;
  const progress: Progress = { id, started: Date.now(), warnings: [...req.warnings], attempts: [], ledger: [], stored: [], unwritten: [] };
  let result: Generation | undefined;
  let failure: GatewayError | undefined;
  try {
    // A b64_json answer (streams are one) reuses the provider's base64; a url answer never needs it.
    const outcome = await withBase64Answer(req.responseFormat === "b64_json", () => route(progress, prepared, signal, options));
    failure = routedFailure(outcome, progress, req, signal);
    if (!failure) result = await finishGeneration(id, req, outcome, progress);
  } catch (error) {
    failure = thrownFailure(error, progress, req, signal);
  }
  if (failure) await failGeneration(id, failure, progress);
  recordGeneration({
    model: req.model.id,
    provider: result?.provider ?? null,
    status: result?.status ?? (failure!.kind === "cancelled" ? "cancelled" : "failed"),
    latencyMs: Date.now() - progress.started,
    costUsd: totalCost(progress.attempts),
    attempts: progress.attempts,
  });
  await notify(id, req, result, failure);
  if (failure) throw failure;
  return req.responseFormat === "b64_json" ? withBase64(result!, progress.stored) : result!;
}

"use server";
import { ownerOf, requireViewer } from "@/lib/auth/session";
import { z } from "zod";
import { GatewayError } from "@/lib/generation/errors";
import type { ActionError, ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";
import { estimate } from "@/lib/services/estimate";
import { imagesBody, type GenerationResponse } from "@/lib/api/images-body";
import { generate } from "@/lib/services/generate";

// The request body itself is validated by the same normalizer the HTTP API uses; here only its shape.
const bodySchema = z.record(z.string(), z.unknown());
const tokenSchema = z.uuid();

// Cancellation is best effort: the controller lives in this instance's memory, so with several
// instances a cancel may land elsewhere and the generation simply completes.
const holder = globalThis as unknown as { darkroomPlaygroundRuns?: Map<string, AbortController> };
const runs = (holder.darkroomPlaygroundRuns ??= new Map());

const invalidInput = (message: string): { error: ActionError } => ({ error: { message, param: null, code: "invalid_input" } });

function toActionError(error: unknown, signal?: AbortSignal): { error: ActionError } {
  if (signal?.aborted) return { error: { message: "Generation cancelled", param: null, code: "cancelled" } };
  if (error instanceof GatewayError) {
    const { generationId } = error;
    return { error: { message: error.message, param: error.param, code: error.code, ...(generationId ? { generationId } : {}) } };
  }
  logger().error({ err: error }, "playground action failed");
  return { error: { message: "Internal server error", param: null, code: "internal_error" } };
}

/** Dry run: what the request would cost, and on which provider. */
export async function estimateGeneration(body: unknown): Promise<ActionResult<ReturnType<typeof estimate>>> {
  await requireViewer();
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return invalidInput("The request must be an object");
  try {
    return { data: estimate(parsed.data) };
  } catch (error) {
    return toActionError(error);
  }
}

/**
 * Starts a generation and returns at once with a promise of its outcome, which streams in later. Server
 * actions from one page run one at a time, so returning early is what lets a cancel or an estimate through
 * while the providers work.
 */
export async function startGeneration(body: unknown, runId: string): Promise<{ outcome: Promise<ActionResult<GenerationResponse>> }> {
  const viewer = await requireViewer();
  const parsedBody = bodySchema.safeParse(body);
  const parsedId = tokenSchema.safeParse(runId);
  if (!parsedBody.success || !parsedId.success) return { outcome: Promise.resolve(invalidInput("Invalid generation request")) };
  const controller = new AbortController();
  runs.set(parsedId.data, controller);
  // The page shows images by URL: base64 would travel through the action for nothing.
  const outcome = generate({ body: { response_format: "url", ...parsedBody.data }, source: "playground", signal: controller.signal, owner: ownerOf(viewer) })
    .then((result): ActionResult<GenerationResponse> => ({ data: imagesBody(result.generation) }))
    .catch((error: unknown) => toActionError(error, controller.signal))
    .finally(() => runs.delete(parsedId.data));
  return { outcome };
}

/** Aborts a running generation's provider calls; its record ends as failed. */
export async function cancelGeneration(runId: string): Promise<void> {
  await requireViewer();
  const parsed = tokenSchema.safeParse(runId);
  if (parsed.success) runs.get(parsed.data)?.abort();
}

import "server-only";
import { GatewayError } from "@/lib/generation/errors";
import type { ActionError, ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";
import { imagesBody, type GenerationResponse } from "@/lib/api/images-body";
import type { GenerationResult } from "@/lib/services/generate";
import { streamStoredImages, type StreamedImage } from "./streamed-images";

export type { StreamedImage };

/** What starting a playground run answers: its images as they are stored, then its outcome. */
export interface StartedRun {
  images: AsyncIterable<StreamedImage>;
  outcome: Promise<ActionResult<GenerationResponse>>;
}

// Cancellation is best effort: the controller lives in this instance's memory, so with several
// instances a cancel may land elsewhere and the generation simply completes.
const holder = globalThis as unknown as { darkroomPlaygroundRuns?: Map<string, AbortController> };
export const runs = (holder.darkroomPlaygroundRuns ??= new Map());

export const invalidInput = (message: string, param: string | null = null): { error: ActionError } => ({ error: { message, param, code: "invalid_input" } });

export function toActionError(error: unknown, signal?: AbortSignal): { error: ActionError } {
  if (signal?.aborted) return { error: { message: "Generation cancelled", param: null, code: "cancelled" } };
  if (error instanceof GatewayError) {
    const { generationId } = error;
    return { error: { message: error.message, param: error.param, code: error.code, ...(generationId ? { generationId } : {}) } };
  }
  logger().error({ err: error }, "playground action failed");
  return { error: { message: "Internal server error", param: null, code: "internal_error" } };
}

async function* nothing(): AsyncGenerator<StreamedImage> {}

/** A run that failed validation before it started. */
export const rejectedRun = (message: string, param: string | null = null): StartedRun => ({ images: nothing(), outcome: Promise.resolve(invalidInput(message, param)) });

/** Starts a run cancellable by its id; each image streams as it is stored, the outcome follows. */
export function startRun(runId: string, run: (signal: AbortSignal) => Promise<GenerationResult>): StartedRun {
  const controller = new AbortController();
  runs.set(runId, controller);
  const { images, result } = streamStoredImages(() => run(controller.signal));
  const outcome = result
    .then((r): ActionResult<GenerationResponse> => ({ data: imagesBody(r.generation) }))
    .catch((error: unknown) => toActionError(error, controller.signal))
    .finally(() => runs.delete(runId));
  return { images, outcome };
}

import "server-only";
import { findGeneration } from "@/lib/db/generations";
import { recordProviderJob, releaseJobUserReservation, settleJobReservation } from "@/lib/db/jobs";
import { GatewayError } from "@/lib/generation/errors";
import { submittedJobsFrom, withSubmittedJobs } from "@/lib/providers/shared/resume";
import { enqueue, registerJobHandler, type Job } from "@/lib/queue/queue";
import { logger } from "@/lib/server/logger";
import { prepare, type Prepared } from "./claim";
import { resumeEdit } from "./edit-resume";
import { executeGeneration, failGeneration } from "./execute";
import { track } from "./running";
import type { UserReservation } from "./user-budgets";

/** A key's budget reservation, settled to the generation's cost when its job ends. */
export interface BudgetReservation {
  apiKeyId: string;
  month: string;
  amountUsd: number;
}

interface GenerationJob {
  generationId: string;
  reservation?: BudgetReservation;
  /** The owner's budget hold: released once the job's cost is on the generation's row (the user's spend). */
  userReservation?: UserReservation;
  /** Provider jobs submitted by earlier runs (fal, Replicate, apiframe), by call: polled, not submitted again. */
  providerJobs?: Record<string, unknown>;
}

export const GENERATION_QUEUE = "generation";

/** Queues the generation of a written pending row (once per generation). */
export async function enqueueGeneration(generationId: string, holds: Pick<GenerationJob, "reservation" | "userReservation"> = {}): Promise<void> {
  const payload: GenerationJob = { generationId, ...holds };
  await enqueue({ queue: GENERATION_QUEUE, key: `generation:${generationId}`, payload: payload as never, maxAttempts: 3 });
}

/** A row that cannot be resumed fails with the reason, instead of retrying a job that cannot succeed. */
function failResume(id: string, error: unknown): undefined {
  const failure = error instanceof GatewayError ? error : new GatewayError({ kind: "internal", message: "The generation could not be resumed", code: "resume_failed", cause: error });
  void failGeneration(id, failure, { started: Date.now(), warnings: [], ledger: [], attempts: [], stored: [] });
  return undefined;
}

/** The row's original body and seed, and for an edit its stored pictures. */
async function prepareRow(row: { id: string; request: unknown; seed: bigint; operation: string }): Promise<Prepared | undefined> {
  try {
    const prepared = prepare(row.request, Number(row.seed));
    await resumeEdit(row, prepared);
    return prepared;
  } catch (error) {
    return failResume(row.id, error);
  }
}

/**
 * Runs a queued generation with its original body and seed. A job taken over from an instance that died
 * finds its row still pending and runs it again, polling the provider jobs that instance had submitted
 * (recorded on the job as they were submitted) instead of paying for them twice; a row already finished (the instance died after
 * finishing it) is only settled. No caller holds a connection open, so it waits out a provider's cooldown
 * (within its deadline) instead of failing at once.
 */
async function runGenerationJob(job: Job): Promise<void> {
  const { generationId: id, reservation, userReservation, providerJobs = {} } = job.payload as GenerationJob;
  const row = await findGeneration({ id });
  if (!row) return;
  if (row.status === "pending") {
    if (job.attempt > 1) logger().info({ generationId: id, attempt: job.attempt }, "resuming an async generation another run left unfinished");
    const prepared = await prepareRow(row);
    if (prepared) {
      const jobs = submittedJobsFrom(job.id, providerJobs, (key, submitted) => recordProviderJob({ jobId: job.id, key, job: submitted }));
      const work = withSubmittedJobs(jobs, () => executeGeneration(id, prepared, undefined, { waitOutCooldown: true }));
      track(id, work);
      // Its failure is recorded on its row; anything else (the database went away) retries the job.
      await work.catch((error: unknown) => {
        if (!(error instanceof GatewayError)) throw error;
      });
    }
  }
  if (reservation) {
    const done = await findGeneration({ id });
    await settleJobReservation({ jobId: job.id, apiKeyId: reservation.apiKeyId, month: reservation.month, reservedUsd: reservation.amountUsd, actualUsd: done?.costUsd ?? 0 });
  }
  if (userReservation) await releaseJobUserReservation({ jobId: job.id, ...userReservation });
}

registerJobHandler(GENERATION_QUEUE, runGenerationJob);

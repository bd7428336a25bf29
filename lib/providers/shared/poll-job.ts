import { setTimeout as sleep } from "node:timers/promises";
import { ProviderError } from "../errors";
import { networkError } from "./http";
import { submittedJobs } from "./resume";

/** How long a best-effort cancel may take; nobody waits for it. */
const CANCEL_TIMEOUT_MS = 5_000;

export interface PollJobSpec<J, S> {
  provider: string;
  signal: AbortSignal;
  intervalMs: number;
  /** Consecutive retryable failed status reads tolerated: the job is probably still running (and billed). */
  toleratedFailures: number;
  /**
   * Creates the job; `state` when the answer already says how it stands (it may have ended). In a queued
   * run, `idempotencyKey` is the same for this call on every instance that runs it (apiframe sends it).
   */
  submit(signal: AbortSignal, idempotencyKey?: string): Promise<{ job: J; state?: S }>;
  /** One status read; throws a ProviderError when it fails. */
  read(job: J, signal: AbortSignal): Promise<S>;
  isDone(state: S): boolean;
  /** Best effort, never awaited: stops a job the gateway gave up on (aborted or failed polling). */
  cancel?(job: J, signal: AbortSignal): Promise<unknown>;
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal });
}

/**
 * Submit (or, resuming, take the job already submitted for this call), then poll every `intervalMs` until `isDone`. A retryable failed read is retried after
 * max(interval, Retry-After) up to `toleratedFailures` times in a row; any other failure, or the signal,
 * ends the wait, cancels the job and rejects with a ProviderError (timeout when the signal fired).
 */
export async function pollJob<J, S>(spec: PollJobSpec<J, S>): Promise<{ job: J; state: S }> {
  const { provider, signal } = spec;
  // A resumed run (see ./resume) polls the job its previous instance submitted for this call.
  const jobs = submittedJobs();
  const key = jobs?.nextKey(provider);
  const recalled = key === undefined ? undefined : (jobs!.recall(key) as J | undefined);
  let submitted: { job: J; state?: S };
  try {
    submitted = recalled === undefined ? await spec.submit(signal, key && `darkroom-${jobs!.scope}-${key}`) : { job: recalled };
  } catch (error) {
    throw networkError(provider, error, signal);
  }
  const { job } = submitted;
  if (key !== undefined && recalled === undefined) await jobs!.remember(key, job);
  let state = submitted.state;
  if (state !== undefined && spec.isDone(state)) return { job, state };
  try {
    state = await waitUntilDone(spec, job);
    return { job, state };
  } catch (error) {
    spec.cancel?.(job, AbortSignal.timeout(CANCEL_TIMEOUT_MS)).catch(() => undefined);
    throw networkError(provider, error, signal);
  }
}

async function waitUntilDone<J, S>(spec: PollJobSpec<J, S>, job: J): Promise<S> {
  const { signal, intervalMs } = spec;
  let delay = intervalMs;
  let failures = 0;
  for (;;) {
    await pause(delay, signal);
    delay = intervalMs;
    let state: S;
    try {
      state = await spec.read(job, signal);
    } catch (error) {
      if (signal.aborted || !(error instanceof ProviderError) || !error.retryable || ++failures > spec.toleratedFailures) throw error;
      delay = Math.max(intervalMs, error.retryAfterMs ?? 0);
      continue;
    }
    failures = 0;
    if (spec.isDone(state)) return state;
  }
}

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The provider jobs a generation run has submitted, by call. A queued generation taken over from an
 * instance that died runs with the jobs that instance recorded: a call that finds its job here polls it
 * instead of submitting (and paying for) it again. Outside such a run there is no store and calls submit.
 */
export interface SubmittedJobs {
  /** Names the run across instances (the generation's queue job): with a call's key, a stable idempotency key. */
  scope: string;
  /** The key of the next call to `provider` in this run: calls are numbered per provider in the order they start. */
  nextKey(provider: string): string;
  recall(key: string): unknown;
  /** Records a submitted job (best effort: a run whose record failed only loses the chance to resume it). */
  remember(key: string, job: unknown): Promise<void>;
}

// On globalThis: the store is set in the services' copy of this module and read in the providers' copy.
const holder = globalThis as { darkroomSubmittedJobs?: AsyncLocalStorage<SubmittedJobs> };
const storage = (holder.darkroomSubmittedJobs ??= new AsyncLocalStorage<SubmittedJobs>());

export const withSubmittedJobs = <T>(jobs: SubmittedJobs, run: () => Promise<T>): Promise<T> => storage.run(jobs, run);

export const submittedJobs = (): SubmittedJobs | undefined => storage.getStore();

/** A store over the jobs recorded so far; `record` persists each new one. */
export function submittedJobsFrom(scope: string, recorded: Record<string, unknown>, record: (key: string, job: unknown) => Promise<void>): SubmittedJobs {
  const counts = new Map<string, number>();
  return {
    scope,
    nextKey: (provider) => {
      const n = (counts.get(provider) ?? 0) + 1;
      counts.set(provider, n);
      return `${provider}#${n}`;
    },
    recall: (key) => recorded[key],
    remember: (key, job) => record(key, job).catch(() => undefined),
  };
}

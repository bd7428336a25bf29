import "server-only";
/**
 * The job queue: async generations and webhook deliveries. Jobs are rows of the app's own database
 * (lib/db/jobs.ts), claimed with `FOR UPDATE SKIP LOCKED` under a visibility timeout that a heartbeat keeps
 * pushing forward; a job whose instance died is claimed again by any instance once its lock runs out.
 *
 * Why not pg-boss: its current majors (11, 12) need Node 22; 10 runs on Node 20 but talks to PostgreSQL
 * through its own `pg` pool, which the embedded PGlite database does not offer (no wire protocol), so
 * the embedded default would need a second, different queue. A job table in the database the app
 * already migrates works the same on PGlite and PostgreSQL, needs no queue server, and keeps a job and
 * the generation it is about in one place.
 */
import { env } from "@/lib/config/env";
import { claimJobs, completeJob, nextJobDue, deleteFinishedJobs, ensureRecurringJob, extendJobLocks, insertJob, type JobRow, jobStats, type NewJob, type QueueStats, releaseJobs, retryOrFailJob } from "@/lib/db/jobs";
import { releaseLease, tryLease } from "@/lib/db/leases";
import { logger } from "@/lib/server/logger";
import { instanceId } from "./instance";

export interface Job {
  id: string;
  key: string | null;
  payload: unknown;
  /** 1 on the first run; a job whose instance died runs again with the next number. */
  attempt: number;
}

/** What a handler asks for: nothing (done), or to run again after a while (its own retry schedule). */
export type JobResult = void | { retryInMs: number };
export type JobHandler = (job: Job) => Promise<JobResult>;

interface State {
  handlers: Map<string, JobHandler>;
  running: Map<string, Promise<void>>;
  started: boolean;
  stopping: boolean;
  wake?: () => void;
  /** A wake-up that came while the worker was not waiting (claiming, or reading when the next job is due). */
  woken?: boolean;
  timers: NodeJS.Timeout[];
  loop?: Promise<void>;
  lastError?: string;
}

// On globalThis: every route bundle has its own copy of this module, and all must share one worker.
const fresh = (): State => ({ handlers: new Map(), running: new Map(), started: false, stopping: false, timers: [] });
const state: State = ((globalThis as { darkroomQueue?: State }).darkroomQueue ??= fresh());

const settings = () => {
  const e = env();
  return { concurrency: e.DARKROOM_QUEUE_CONCURRENCY, visibilityMs: e.DARKROOM_QUEUE_VISIBILITY_MS, pollMs: e.DARKROOM_QUEUE_POLL_MS };
};

/** The instance's liveness lease: others treat work whose runner's lease ran out as abandoned. */
export const instanceLeaseKey = (id: string) => `instance:${id}`;

/** Registers the handler of a queue; the worker of this process runs its jobs. */
export function registerJobHandler(queue: string, handler: JobHandler): void {
  state.handlers.set(queue, handler);
}

/** Adds a job (once per `key`) and wakes this process's worker; false when the key was already queued. */
export async function enqueue(job: NewJob): Promise<boolean> {
  const inserted = await insertJob(job);
  startWorker();
  wakeWorker();
  return inserted;
}

/** Makes sure a self-rescheduling job exists (see ensureRecurringJob) and wakes this process's worker. */
export async function ensureRecurring(job: { queue: string; key: string }): Promise<void> {
  await ensureRecurringJob(job);
  startWorker();
  wakeWorker();
}

const backoffMs = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1));

async function run(row: JobRow, holder: string): Promise<void> {
  const handler = state.handlers.get(row.queue);
  const log = logger().child({ jobId: row.id, queue: row.queue, attempt: row.attempts });
  // A job that keeps taking its instance down (or was abandoned too often) stops being retried.
  if (!handler || row.attempts > row.maxAttempts) {
    const error = handler ? "too many attempts (its instance stopped each time)" : `no handler for queue ${row.queue}`;
    log.error({ reason: error }, "job failed");
    return retryOrFailJob({ id: row.id, holder, error });
  }
  try {
    const result = await handler({ id: row.id, key: row.key, payload: row.payload, attempt: row.attempts });
    if (result) await retryOrFailJob({ id: row.id, holder, delayMs: result.retryInMs });
    else await completeJob({ id: row.id, holder });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const delayMs = row.attempts < row.maxAttempts ? backoffMs(row.attempts) : undefined;
    log.warn({ err: error, retryInMs: delayMs }, delayMs === undefined ? "job failed" : "job failed, will retry");
    await retryOrFailJob({ id: row.id, holder, delayMs, error: message });
  }
}

function launch(row: JobRow, holder: string): void {
  const work = run(row, holder)
    .catch((error: unknown) => logger().error({ err: error, jobId: row.id }, "could not record a job's outcome (its lock will run out)"))
    .finally(() => {
      state.running.delete(row.id);
      wakeWorker();
    });
  state.running.set(row.id, work);
}

function wakeWorker(): void {
  state.woken = true;
  state.wake?.();
}

function idle(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (state.woken) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    function done() {
      clearTimeout(timer);
      state.wake = undefined;
      resolve();
    }
    state.wake = done;
  });
}

/** The longest an idle embedded worker sleeps without a wake-up (a clock change, a row written by hand). */
const EMBEDDED_MAX_IDLE_MS = 60_000;

/**
 * How long an idle worker waits for a local enqueue or a finished job. The embedded PGlite database serves
 * this process alone, so every job is enqueued here and wakes the worker: it only has to wake when a
 * delayed job (a retry, a recurring sweep) comes due, instead of querying every pollMs while idle.
 * PostgreSQL is shared: other instances' jobs reach this one only by polling.
 */
async function idleMs(pollMs: number, free: number): Promise<number> {
  if (env().DATABASE_URL) return pollMs;
  // Every slot busy: a finished job wakes the worker.
  if (free <= 0) return EMBEDDED_MAX_IDLE_MS;
  // A failed read is tried again after pollMs, as a failed claim is.
  const due = await nextJobDue({ queues: [...state.handlers.keys()] }).catch(() => null);
  if (due === null) return pollMs;
  if (!due) return EMBEDDED_MAX_IDLE_MS;
  return Math.min(EMBEDDED_MAX_IDLE_MS, Math.max(10, due.getTime() - Date.now()));
}

async function loop(): Promise<void> {
  const holder = instanceId();
  while (!state.stopping) {
    const { concurrency, visibilityMs, pollMs } = settings();
    const free = concurrency - state.running.size;
    // The claim below sees every job enqueued so far: only wake-ups after this point count.
    state.woken = false;
    let claimed = 0;
    if (free > 0 && state.handlers.size > 0) {
      try {
        const rows = await claimJobs({ queues: [...state.handlers.keys()], holder, limit: free, visibilityMs });
        for (const row of rows) launch(row, holder);
        claimed = rows.length;
        state.lastError = undefined;
      } catch (error) {
        state.lastError = error instanceof Error ? error.message : String(error);
        logger().warn({ err: error }, "could not claim jobs");
      }
    }
    if (state.stopping) break;
    // A full batch may mean more are due; otherwise wait for a local enqueue, a finished job or the poll.
    if (claimed === 0 || claimed < free) await idle(await idleMs(pollMs, concurrency - state.running.size));
  }
}

async function heartbeat(): Promise<void> {
  const holder = instanceId();
  const { visibilityMs } = settings();
  await tryLease({ key: instanceLeaseKey(holder), holder, ttlMs: visibilityMs });
  const ids = [...state.running.keys()];
  const held = await extendJobLocks({ ids, holder, visibilityMs });
  const lost = ids.filter((id) => !held.includes(id));
  if (lost.length > 0) logger().warn({ jobs: lost }, "lost the lock of running jobs (this instance stalled past the visibility timeout)");
}

/** Starts this process's worker (once). Jobs its previous life (same instance id) held are taken back first. */
export function startWorker(): void {
  if (state.started) return;
  state.started = true;
  state.stopping = false;
  const holder = instanceId();
  const { visibilityMs } = settings();
  const beat = () => heartbeat().catch((error: unknown) => logger().warn({ err: error }, "queue heartbeat failed"));
  state.timers = [
    setInterval(beat, Math.max(100, Math.floor(visibilityMs / 3))),
    setInterval(() => void deleteFinishedJobs({ olderThanMs: 7 * 24 * 3600_000 }).catch(() => undefined), 3600_000),
  ];
  for (const t of state.timers) t.unref();
  state.loop = (async () => {
    await beat();
    const released = await releaseJobs({ holder }).catch(() => 0);
    if (released > 0) logger().info({ released }, "took back the jobs this instance held before it restarted");
    await loop();
  })().catch((error: unknown) => logger().error({ err: error }, "the job worker stopped"));
}

/**
 * Graceful stop: claims nothing more, waits up to `graceMs` for running jobs, hands the rest back to the
 * queue (another instance, or this one after a restart, runs them) and drops the liveness lease.
 */
export async function stopWorker({ graceMs }: { graceMs: number }): Promise<{ finished: number; handedBack: number }> {
  if (!state.started) return { finished: 0, handedBack: 0 };
  state.stopping = true;
  state.wake?.();
  const running = [...state.running.keys()];
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(state.running.values()), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  // The heartbeat ran on through the grace period, so no other instance took these jobs meanwhile.
  for (const t of state.timers) clearInterval(t);
  const left = [...state.running.keys()];
  const holder = instanceId();
  const handedBack = left.length > 0 ? await releaseJobs({ holder, ids: left }) : 0;
  await releaseLease({ key: instanceLeaseKey(holder), holder }).catch(() => undefined);
  state.started = false;
  return { finished: running.length - left.length, handedBack };
}

export interface QueueHealth extends QueueStats {
  worker: "running" | "stopping" | "stopped";
  runningHere: number;
  error?: string;
}

/** For /api/health: the worker's state here and the queue's depth in the database. */
export async function queueHealth(): Promise<QueueHealth> {
  const stats = await jobStats();
  const worker = !state.started ? "stopped" : state.stopping ? "stopping" : "running";
  return { ...stats, worker, runningHere: state.running.size, ...(state.lastError ? { error: state.lastError } : {}) };
}

/** Whether this process is shutting down (health answers 503 so load balancers stop sending work). */
export const isStopping = (): boolean => state.stopping;

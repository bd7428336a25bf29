import "server-only";
import { settleMemory } from "@/lib/server/settle-memory";

interface Running {
  work: Map<string, Promise<unknown>>;
  quiet?: NodeJS.Timeout;
}

/**
 * Once nothing has run for this long after a burst, one full collection hands the burst's image buffers
 * (megabytes per generation, freed only when V8 next collects) back to the system.
 */
const QUIET_MS = 2000;

// On globalThis: each route bundle has its own copy of this module, and all must see the same work.
const state: Running = ((globalThis as { darkroomRunning?: Running }).darkroomRunning ??= { work: new Map() });

/** Registers a generation this process is working on until `work` settles. */
export function track(id: string, work: Promise<unknown>): void {
  clearTimeout(state.quiet);
  state.work.set(id, work);
  const done = () => {
    state.work.delete(id);
    if (state.work.size === 0) state.quiet = setTimeout(settleMemory, QUIET_MS).unref();
  };
  work.then(done, done);
}

/** Resolves once nothing runs here any more, or at `deadline` (ms since the epoch); true when idle. */
export async function settledBy(deadline: number): Promise<boolean> {
  while (state.work.size > 0 && Date.now() < deadline) {
    await Promise.race([Promise.allSettled(state.work.values()), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
  }
  return state.work.size === 0;
}

import "server-only";

interface Running {
  work: Map<string, Promise<unknown>>;
}

// On globalThis: each route bundle has its own copy of this module, and all must see the same work.
const state = ((globalThis as { darkroomRunning?: Running }).darkroomRunning ??= { work: new Map() });

/** Registers a generation this process is working on until `work` settles. */
export function track(id: string, work: Promise<unknown>): void {
  state.work.set(id, work);
  const done = () => state.work.delete(id);
  work.then(done, done);
}

/** Resolves once nothing runs here any more, or at `deadline` (ms since the epoch); true when idle. */
export async function settledBy(deadline: number): Promise<boolean> {
  while (state.work.size > 0 && Date.now() < deadline) {
    await Promise.race([Promise.allSettled(state.work.values()), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
  }
  return state.work.size === 0;
}

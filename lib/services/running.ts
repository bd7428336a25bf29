import "server-only";

interface Running {
  work: Map<string, Promise<unknown>>;
  /** When a generation last started or ended (ms): background work waits for a quiet spell. */
  lastChange: number;
}

// On globalThis: each route bundle has its own copy of this module, and all must see the same work.
const state = ((globalThis as { darkroomRunning?: Running }).darkroomRunning ??= { work: new Map(), lastChange: 0 });

/** Registers a generation this process is working on until `work` settles. */
export function track(id: string, work: Promise<unknown>): void {
  state.work.set(id, work);
  state.lastChange = Date.now();
  const done = () => {
    state.work.delete(id);
    state.lastChange = Date.now();
  };
  work.then(done, done);
}

/** How long no generation has been running (0 while one is). */
export function idleForMs(): number {
  return state.work.size > 0 ? 0 : Date.now() - state.lastChange;
}

/** Resolves once nothing runs here any more, or at `deadline` (ms since the epoch); true when idle. */
export async function settledBy(deadline: number): Promise<boolean> {
  while (state.work.size > 0 && Date.now() < deadline) {
    await Promise.race([Promise.allSettled(state.work.values()), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
  }
  return state.work.size === 0;
}

import "server-only";
import { findGeneration } from "@/lib/db/generations";
import { serverContext } from "@/lib/server/context";
import type { GenerationResponse } from "./generate";
import { storedError, storedResponse } from "./generation-view";

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

const POLL_MS = 200;

/**
 * The result of a generation, once it is done: the same body (or the same error) its first caller got.
 * Work running in another instance is awaited by polling its row.
 */
export async function waitForGeneration(id: string): Promise<GenerationResponse> {
  const deadline = Date.now() + serverContext().deadlineMs;
  for (;;) {
    await state.work.get(id)?.catch(() => undefined);
    const row = await findGeneration({ id });
    if (!row) throw new Error(`generation ${id} vanished`);
    if (row.status === "succeeded" || row.status === "partial") return storedResponse(row);
    if (row.status !== "pending") throw storedError(row);
    if (Date.now() > deadline) throw storedError(row);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

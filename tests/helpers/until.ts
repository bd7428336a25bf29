import { setTimeout as sleep } from "node:timers/promises";

/** Polls `check` until it answers something other than undefined, or throws once `timeoutMs` has passed. */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(everyMs);
  }
}

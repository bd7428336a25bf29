// Resident memory of Darkroom's process tree (next start and its threads, embedded PGlite included):
// after start, after the load of every round, its peak under concurrency 64, and after each of 5 repeated
// concurrency-64 runs (it must not keep climbing).
import { sampleRss, treeRss } from "./lib/app";
import { waitUntilIdle } from "./lib/cpu";
import { load } from "./lib/load";
import type { Target } from "./side-by-side";

export const SETTLE_MS = 3000;
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

export interface MemoryReport {
  idleAfterStartBytes: number;
  idleAfterLoadBytes: number;
  peakUnderC64Bytes: number;
  /** After each repeated run, once idle for SETTLE_MS. */
  afterRepeatsBytes: number[];
  growthBytes: number;
}

/** Resident memory once the tree has been idle for SETTLE_MS. */
export async function settledRss(pid: number): Promise<number> {
  await waitUntilIdle(pid);
  await sleep(SETTLE_MS);
  return treeRss(pid) ?? 0;
}

/** Peak resident memory while `run` runs. */
export async function peakDuring<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const sampler = sampleRss(pid);
  const result = await run();
  return { result, peak: sampler.stop() };
}

/** `repeats` concurrency-64 runs (alternating url and b64_json), resident memory after each. */
export async function repeatedRuns(target: Target & { pid: number }, repeats: number, connections = 64): Promise<{ after: number[]; peak: number }> {
  const after: number[] = [];
  let peak = 0;
  for (let i = 0; i < repeats; i++) {
    const body = target.body(i % 2 ? "b64_json" : "url");
    const run = await peakDuring(target.pid, () => load({ url: target.url, body, headers: target.headers, connections, perConnection: 2 }));
    peak = Math.max(peak, run.peak);
    after.push(await settledRss(target.pid));
  }
  return { after, peak };
}

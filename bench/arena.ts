// `npm run bench:arena`: the leaderboard's cost: the Bradley–Terry fit with intervals and ranks over
// 100,000 battles among 50 contestants (target: under 500 ms), and the memory it takes.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { standings, type RatedBattle, type Winner } from "@/lib/arena/ratings";
import { prng } from "@/lib/prng";

const CONTESTANTS = 50;
const BATTLES = 100_000;
const RUNS = 5;
const TARGET_MS = 500;

function battles(): RatedBattle[] {
  const rand = prng(42);
  const strength = Array.from({ length: CONTESTANTS }, (_, i) => Math.exp((i - CONTESTANTS / 2) / 8));
  return Array.from({ length: BATTLES }, () => {
    const i = Math.floor(rand() * CONTESTANTS);
    const j = (i + 1 + Math.floor(rand() * (CONTESTANTS - 1))) % CONTESTANTS;
    const p = strength[i]! / (strength[i]! + strength[j]!);
    const u = rand();
    const tie = 0.1 * Math.min(p, 1 - p);
    const winner: Winner = u < tie ? "tie" : u < p + tie / 2 ? "left" : "right";
    return { left: `model-${i}`, right: `model-${j}`, winner };
  });
}

export interface ArenaReport {
  medianMs: number;
  bestMs: number;
  worstMs: number;
  heapBeforeBytes: number;
  peakHeapBytes: number;
  pass: boolean;
}

export function runArena(): ArenaReport {
  const data = battles();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  let peakHeap = heapBefore;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const rows = standings(data);
    times.push(performance.now() - start);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (rows.length !== CONTESTANTS) throw new Error("wrong number of rows");
  }
  const sorted = [...times].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(RUNS / 2)]!;
  return { medianMs, bestMs: sorted[0]!, worstMs: sorted.at(-1)!, heapBeforeBytes: heapBefore, peakHeapBytes: peakHeap, pass: medianMs < TARGET_MS };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The PASS/MISS line of `npm run bench` (the shape of bench/targets.ts's Verdict). */
export const arenaVerdict = (r: ArenaReport) => ({
  target: `arena leaderboard (fit, intervals, ranks) over ${BATTLES.toLocaleString("en-US")} battles, ${CONTESTANTS} contestants; heap +${mb(r.peakHeapBytes - r.heapBeforeBytes)}`,
  value: `${r.medianMs.toFixed(0)} ms`,
  limit: `< ${TARGET_MS} ms`,
  pass: r.pass,
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = runArena();
  console.log(`arena leaderboard: ${BATTLES.toLocaleString("en-US")} battles, ${CONTESTANTS} contestants, ${RUNS} runs`);
  console.log(`  fit + intervals + ranks: median ${r.medianMs.toFixed(1)} ms, best ${r.bestMs.toFixed(1)} ms, worst ${r.worstMs.toFixed(1)} ms (target < ${TARGET_MS} ms: ${r.pass ? "met" : "MISSED"})`);
  console.log(`  heap: ${mb(r.heapBeforeBytes)} with the battles loaded, peak ${mb(r.peakHeapBytes)} while fitting (+${mb(r.peakHeapBytes - r.heapBeforeBytes)}); rss ${mb(process.memoryUsage().rss)}`);
}

// `npm run bench:arena`: the leaderboard's cost: the Bradley–Terry fit with intervals and ranks over
// 100,000 battles among 50 contestants (target: under 500 ms), and the memory it takes.
import { performance } from "node:perf_hooks";
import { standings, type RatedBattle, type Winner } from "@/lib/arena/ratings";

const CONTESTANTS = 50;
const BATTLES = 100_000;
const RUNS = 5;
const TARGET_MS = 500;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
const median = sorted[Math.floor(RUNS / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`arena leaderboard: ${BATTLES.toLocaleString("en-US")} battles, ${CONTESTANTS} contestants, ${RUNS} runs`);
console.log(`  fit + intervals + ranks: median ${median.toFixed(1)} ms, best ${sorted[0]!.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms (target < ${TARGET_MS} ms: ${median < TARGET_MS ? "met" : "MISSED"})`);
console.log(`  heap: ${mb(heapBefore)} with the battles loaded, peak ${mb(peakHeap)} while fitting (+${mb(peakHeap - heapBefore)}); rss ${mb(process.memoryUsage().rss)}`);

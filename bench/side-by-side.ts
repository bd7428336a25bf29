// Darkroom against the floor (bench/floor/floor-gateway.mjs: the least work an honest gateway does) and
// Portkey's open-source gateway (proxy only), all in front of the same fake upstream, interleaved round by
// round so machine noise hits every gateway alike. Each run sends a fixed number of requests (sized in the
// first round from a warm-up to last about `seconds`), so CPU ÷ requests is exact; CPU per request of each
// gateway's process tree from /proc, in the request and deferred (until the tree is idle). Medians over the
// rounds. `npm run bench` runs this with memory, n emulation and the targets (bench/run.ts); alone:
//   tsx --conditions=react-server bench/side-by-side.ts [--seconds 10] [--rounds 3] [--concurrency 1,16,64]
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { cpuWindow, waitUntilIdle } from "./lib/cpu";
import type { DirectTarget } from "./lib/gateways";
import { markdownTable, ms, ratio } from "./lib/format";
import { load } from "./lib/load";
import type { SideGateway } from "./lib/side-gateways";

export type Format = "url" | "b64_json";
export type Target = SideGateway | DirectTarget;

export interface Sample { rps: number; p50: number; p99: number; cpuMs: number; deferredMs: number; errors: number; requests: number; seconds: number; otherCores: number }
export interface Cell { c: number; format: Format; names: string[]; seconds: number }
export type Row = Omit<Sample, "requests" | "seconds" | "otherCores"> & { c: number; format: Format; gateway: string; rounds: number; requests: number; otherCores: number };

export interface SideOptions { seconds: number; rounds: number; levels: number[]; postgres: boolean }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * What each round runs. The direct call is the same for both formats (a gpt-image provider always answers
 * base64), so it is measured once per level; concurrency 1 runs for half as long (its figures settle fast);
 * concurrency 64 (a throughput target) runs url only; PostgreSQL runs at 16, where the database matters most.
 */
export function plan(options: SideOptions): Cell[] {
  const cells: Cell[] = [];
  for (const c of options.levels) {
    for (const format of c >= 64 ? (["url"] as const) : (["url", "b64_json"] as const)) {
      const names = [...(c > 1 && format === "url" ? ["direct"] : []), "floor", "darkroom", ...(options.postgres && c === 16 ? ["darkroom-pg"] : []), "portkey"];
      cells.push({ c, format, names, seconds: c === 1 ? options.seconds / 2 : options.seconds });
    }
  }
  return cells;
}

export interface RunHooks {
  /** Called around each measured run (memory sampling). */
  around?: (target: Target, cell: Cell, run: () => Promise<Sample>) => Promise<Sample>;
  log?: (line: string) => void;
}

async function measure(target: Target, cell: Cell, perConnection: number): Promise<Sample> {
  const window = cpuWindow(target.pid);
  const result = await load({ url: target.url, body: target.body(cell.format), headers: target.headers, connections: cell.c, perConnection });
  const share = window.stop();
  const deferred = target.pid ? await waitUntilIdle(target.pid) : { cpuSeconds: 0 };
  const requests = Math.max(1, result.requests);
  return {
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    cpuMs: (share.app * share.seconds * 1000) / requests,
    deferredMs: (deferred.cpuSeconds * 1000) / requests,
    errors: result.errors + result.non2xx,
    requests: result.requests,
    seconds: result.seconds,
    otherCores: share.other,
  };
}

/** Every cell's runs, round after round; returns the samples by `name|c|format`. */
export async function runRounds(targets: Map<string, Target>, cells: Cell[], rounds: number, hooks: RunHooks = {}): Promise<Map<string, Sample[]>> {
  const samples = new Map<string, Sample[]>();
  const sizes = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const cell of cells) {
      for (const name of cell.names) {
        const target = targets.get(name)!;
        const key = `${name}|${cell.c}|${cell.format}`;
        if (!sizes.has(key)) {
          const warm = await load({ url: target.url, body: target.body(cell.format), headers: target.headers, connections: cell.c, perConnection: 2 });
          if (target.pid) await waitUntilIdle(target.pid);
          // At least 2 requests per connection, 1 at c ≥ 64 (64 requests) so a saturated gateway's run stays short.
          sizes.set(key, Math.max(cell.c >= 64 ? 1 : 2, Math.round((cell.seconds * 1000) / Math.max(1, warm.mean))));
        }
        const run = () => measure(target, cell, sizes.get(key)!);
        const sample = hooks.around ? await hooks.around(target, cell, run) : await run();
        samples.set(key, [...(samples.get(key) ?? []), sample]);
        hooks.log?.(`  round ${round + 1} c=${cell.c} ${cell.format.padEnd(8)} ${name.padEnd(11)} ${sample.rps.toFixed(1).padStart(6)} req/s  p50 ${ms(sample.p50).padStart(7)}  CPU ${sample.cpuMs.toFixed(1)} + ${sample.deferredMs.toFixed(1)} ms/req  (${sample.requests} in ${sample.seconds.toFixed(1)} s${sample.errors ? `, ${sample.errors} errors` : ""})`);
      }
    }
  }
  return samples;
}

/** Medians over the rounds, one row per gateway and cell. */
export function medians(samples: Map<string, Sample[]>, cells: Cell[]): Row[] {
  return cells.flatMap((cell) =>
    cell.names.map((name) => {
      const s = samples.get(`${name}|${cell.c}|${cell.format}`) ?? [];
      const of = (f: (x: Sample) => number) => median(s.map(f));
      return {
        c: cell.c, format: cell.format, gateway: name, rounds: s.length,
        rps: of((x) => x.rps), p50: of((x) => x.p50), p99: of((x) => x.p99), cpuMs: of((x) => x.cpuMs), deferredMs: of((x) => x.deferredMs),
        errors: s.reduce((a, x) => a + x.errors, 0), requests: of((x) => x.requests), otherCores: Math.max(...s.map((x) => x.otherCores)),
      };
    }),
  );
}

export const find = (rows: Row[], gateway: string, c: number, format: Format) => rows.find((r) => r.gateway === gateway && r.c === c && r.format === format);

/** The side-by-side table: each gateway's figures and its ratios to direct and to the floor in the same cell. */
export function sideTable(rows: Row[]): { header: string[]; rows: string[][] } {
  const header = ["c", "format", "gateway", "req/s", "×direct", "×floor", "p50 / p99", "p50 ×floor", "CPU/req in request", "+ deferred", "CPU ×floor", "total CPU ×floor", "errors"];
  const out = rows
    .filter((r) => r.gateway !== "direct")
    .map((r) => {
      const floor = find(rows, "floor", r.c, r.format)!;
      const direct = find(rows, "direct", r.c, "url");
      const total = (x: Row) => x.cpuMs + x.deferredMs;
      return [
        String(r.c), r.format, r.gateway === "darkroom" ? "darkroom (PGlite)" : r.gateway === "darkroom-pg" ? "darkroom (PostgreSQL)" : r.gateway,
        r.rps.toFixed(1), direct ? ratio(r.rps / direct.rps) : "–", ratio(r.rps / floor.rps), `${ms(r.p50)} / ${ms(r.p99)}`, ratio(r.p50 / floor.p50),
        `${r.cpuMs.toFixed(1)} ms`, `${r.deferredMs.toFixed(1)} ms`, ratio(r.cpuMs / floor.cpuMs), ratio(total(r) / total(floor)), String(r.errors),
      ];
    });
  return { header, rows: out };
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, rounds: { type: "string", default: "3" }, concurrency: { type: "string", default: "1,16,64" } } });
  const { startTargets } = await import("./lib/targets-start");
  const options: SideOptions = { seconds: Number(values.seconds), rounds: Number(values.rounds), levels: values.concurrency!.split(",").map(Number), postgres: false };
  const started = await startTargets({ postgres: undefined });
  try {
    const cells = plan(options);
    const rows = medians(await runRounds(started.targets, cells, options.rounds, { log: console.log }), cells);
    const t = sideTable(rows);
    const md = `${markdownTable(t.header, t.rows)}\n`;
    console.log(`\n${md}`);
    await mkdir("bench/results", { recursive: true });
    await writeFile("bench/results/side-by-side.json", JSON.stringify({ date: new Date().toISOString(), options, rows }, null, 2));
    await writeFile("bench/results/side-by-side.md", md);
  } finally {
    await started.stop();
  }
}

// `npm run bench`: Darkroom side by side with the floor, Portkey and the provider called directly
// (bench/side-by-side.ts), its memory, the n=4 emulation, circuit-breaker openings and the S3 storage driver
// against the local one (bench/storage.ts), the arena leaderboard fit (bench/arena.ts) and the time to the first
// streamed image (bench/stream.ts), then every target as PASS or MISS. Writes bench/results/latest.json and latest.md.
//
//   --seconds <s>          length of each measured run at c ≥ 16 (default 10; c=1 runs half as long)
//   --rounds <n>           interleaved rounds (default 3); medians over them
//   --concurrency <list>   load levels (default 1,16,64)
//   --postgres <url>       PostgreSQL admin URL for the PostgreSQL rows (default the local server; "off" skips them)
//   --pipeline             also the image-pipeline benchmark (bench/pipeline.ts)
//   --build                rebuild the app into .next-bench even when it looks current
//
// Nothing here asserts a time: the exit code is 0 unless a benchmark could not run.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { DIST_DIR, ensureBuild } from "./lib/app";
import { markdownTable, textTable } from "./lib/format";
import { breakerOpenings } from "./lib/gateways";
import { startTargets } from "./lib/targets-start";
import { peakDuring, repeatedRuns, settledRss, type MemoryReport } from "./memory";
import { nEmulation } from "./overhead";
import { pipelineTable, runPipeline, type PipelineReport } from "./pipeline";
import { runStorageBench, storageRows } from "./storage";
import { runStream, streamVerdict } from "./stream";
import { arenaVerdict, runArena } from "./arena";
import { medians, plan, runRounds, sideTable, type SideOptions } from "./side-by-side";
import { verdicts, type Extras } from "./targets";

const { values: args } = parseArgs({
  strict: false,
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "1,16,64" },
    postgres: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
    pipeline: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
  },
});

const started = Date.now();
const machine = {
  cpu: cpus()[0]?.model.trim() ?? "unknown",
  cores: availableParallelism(),
  memoryGb: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  sharp: sharp.versions.sharp,
  libvips: sharp.versions.vips,
};
const machineLine = `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB RAM, ${machine.platform}, Node ${machine.node}`;
console.log(`Darkroom benchmarks: ${machineLine}`);
const build = ensureBuild(Boolean(args.build));
if (build.built) console.log(`  built in ${build.seconds.toFixed(0)} s`);

async function reachable(url: string): Promise<boolean> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  return client.connect().then(() => client.end().then(() => true), () => false);
}

const postgres = args.postgres !== "off" && (await reachable(String(args.postgres))) ? String(args.postgres) : undefined;
if (!postgres) console.log("  PostgreSQL rows skipped (no server at --postgres)");
const options: SideOptions = { seconds: Number(args.seconds), rounds: Number(args.rounds), levels: String(args.concurrency).split(",").map(Number), postgres: Boolean(postgres) };
const cells = plan(options);
console.log(`  ${options.rounds} rounds of ${cells.reduce((a, c) => a + c.names.length, 0)} runs (${options.seconds} s at c ≥ 16, ${options.seconds / 2} s at c = 1)`);

const env = await startTargets({ postgres });
let report: { rows: ReturnType<typeof medians>; extras: Extras };
try {
  const { idleAfterStartBytes } = env;
  let peakUnderC64Bytes = 0;
  const samples = await runRounds(env.targets, cells, options.rounds, {
    log: console.log,
    around: async (target, cell, run) => {
      if (target.name !== "darkroom" || cell.c < 64) return run();
      const { result, peak } = await peakDuring(env.darkroom.pid, run);
      peakUnderC64Bytes = Math.max(peakUnderC64Bytes, peak);
      return result;
    },
  });
  const rows = medians(samples, cells);
  const idleAfterLoadBytes = await settledRss(env.darkroom.pid);
  console.log("  memory: 5 repeated c=64 runs");
  const repeats = await repeatedRuns(env.darkroom, 5);
  const memory: MemoryReport = {
    idleAfterStartBytes,
    idleAfterLoadBytes,
    peakUnderC64Bytes: Math.max(peakUnderC64Bytes, repeats.peak),
    afterRepeatsBytes: repeats.after,
    growthBytes: repeats.after.at(-1)! - repeats.after[0]!,
  };
  console.log("  n=4 emulation");
  const n = await nEmulation(env.darkroom.app, env.fake);
  if (n.skipped) console.log(`  n emulation skipped: ${n.skipped}`);
  const breaker: Record<string, number> = {};
  for (const [name, target] of env.targets) if (name.startsWith("darkroom") && "app" in target) breaker[name] = await breakerOpenings(target.app as never);
  report = { rows, extras: { memory, nEmulation: n.rows.map((r) => ({ responseFormat: r.responseFormat, ratio: r.ratio, n1Ms: r.n1.median, n4Ms: r.n4.median })), breakerOpenings: breaker } };
} finally {
  await env.stop();
}

const pipeline: PipelineReport | undefined = args.pipeline ? await runPipeline() : undefined;
console.log("  storage: S3 driver against the local driver");
const storage = await runStorageBench();
const storageTable = storageRows(storage);
console.log("  arena leaderboard over 100,000 battles");
const arena = runArena();
// Last: the stream bench runs the app in this process (it sets its own environment).
console.log("  stream: time to first image, emulated n=4");
const stream = await runStream();
const checks = [...verdicts(report.rows, report.extras), arenaVerdict(arena), streamVerdict(stream)];
const date = new Date().toISOString();
const side = sideTable(report.rows);
const seconds = ((Date.now() - started) / 1000).toFixed(0);

function markdown(): string {
  const m = report.extras.memory!;
  const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
  const out = [
    "# Darkroom benchmarks",
    "",
    `${date.slice(0, 16).replace("T", " ")} UTC · ${machineLine} · sharp ${machine.sharp} / libvips ${machine.libvips} · \`npm run bench\` in ${seconds} s`,
    "",
    `Every gateway in front of the same fake OpenAI Images API (answers after ${env.delayMs} ms with a unique ${(env.imageBytes / 1e6).toFixed(2)} MB 1024×1024 PNG as base64), on loopback; the load generator, the fake and the gateways share the machine's cores. Interleaved: each round runs every gateway at every level before the next round; medians of ${options.rounds} rounds, each run a fixed number of requests (about ${options.seconds} s; ${options.seconds / 2} s at c=1). The floor is bench/floor/floor-gateway.mjs (plain node:http: decode, sha256, write the file, one insert into the same embedded PGlite, answer). Portkey is @portkey-ai/gateway (proxy only, stores nothing). CPU per request is the gateway's process tree (all threads, from /proc) during the run; deferred is what it spent after the run until idle.`,
    "",
    markdownTable(side.header, side.rows),
    "",
    "## Memory (Darkroom, PGlite)",
    "",
    `Resident memory of the process tree: ${mb(m.idleAfterStartBytes)} idle after start, ${mb(m.idleAfterLoadBytes)} idle after the rounds, peak ${mb(m.peakUnderC64Bytes)} under c=64, after each of ${m.afterRepeatsBytes.length} repeated c=64 runs: ${m.afterRepeatsBytes.map(mb).join(", ")}.`,
    "",
    "## n=4 emulation",
    "",
    `4 parallel calls to a provider that makes 1 image per call against n=1 through it, median of 9 sequential requests: ${report.extras.nEmulation.map((r) => `${r.responseFormat} ${r.ratio.toFixed(2)}×`).join(", ") || "skipped"}.`,
    "",
    "## Targets",
    "",
    markdownTable(["target", "value", "limit", "result"], checks.map((c) => [c.target, c.value, c.limit, c.pass ? "PASS" : "MISS"])),
    "",
  ];
  out.push("## Storage", "", `Store and serve one 1024×1024 PNG, median ms per operation over ${storage.ops}; S3 is a local s3rver on loopback (bench/storage.ts).`, "", markdownTable(storageTable.header, storageTable.rows), "");
  if (pipeline) {
    const t = pipelineTable(pipeline);
    out.push("## Image pipeline", "", markdownTable(t.header, t.rows), "");
  }
  return out.join("\n");
}

const dir = path.join(process.cwd(), "bench", "results");
await mkdir(dir, { recursive: true });
const json = { date, machine, build: { distDir: DIST_DIR, ...build }, options, upstream: { delayMs: env.delayMs, imageBytes: env.imageBytes }, rows: report.rows, ...report.extras, targets: checks, pipeline, storage, arena, stream };
for (const [name, content] of [["latest.json", `${JSON.stringify(json, null, 2)}\n`], ["latest.md", `${markdown()}\n`]] as const) {
  const file = path.join(dir, name);
  await writeFile(`${file}.tmp`, content);
  await rename(`${file}.tmp`, file);
}
console.log(`\n${textTable(side.header, side.rows)}\n`);
console.log(`${textTable(storageTable.header, storageTable.rows)}\n`);
for (const c of checks) console.log(`  ${c.pass ? "PASS" : "MISS"}  ${c.target}: ${c.value} (${c.limit})`);
console.log(`\n${checks.filter((c) => c.pass).length}/${checks.length} targets met. Wrote bench/results/latest.json and latest.md (${seconds} s).`);

// `npm run bench`: every benchmark, then bench/results/latest.json and bench/results/latest.md.
//
//   --seconds <s>          length of each measured load run (default 8)
//   --concurrency <list>   load levels (default 1,16,64)
//   --upstream tests       use tests/fakes/openai-fake.ts instead of the bench fake
//   --build                rebuild the app into .next-bench even when it looks current
//   --only pipeline|overhead
//
// Figures are ratios against a baseline measured in the same run (the provider called directly; a plain
// decode of the same image): absolute times on a shared 2-core machine are noise. Nothing here asserts a
// time: targets are printed next to the figures, the exit code is 0 unless a benchmark could not run.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { DIST_DIR, ensureBuild } from "./lib/app";
import { against, markdownTable, mb, ms, ratio, textTable } from "./lib/format";
import { NOISY_CORES, OVERHEAD_TARGETS, TARGET_CONCURRENCY, overheadTable, parseOverheadArgs, runOverhead, type OverheadReport } from "./overhead";
import { pipelineTable, runPipeline, type PipelineReport } from "./pipeline";

const { values: args } = parseArgs({
  strict: false,
  options: { build: { type: "boolean", default: false }, only: { type: "string" } },
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
console.log(`Darkroom benchmarks: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}`);

const build = args.only === "pipeline" ? { built: false, seconds: 0 } : ensureBuild(Boolean(args.build));
if (build.built) console.log(`  built in ${build.seconds.toFixed(0)} s`);

const pipeline: PipelineReport | undefined = args.only === "overhead" ? undefined : await runPipeline();
const overheadOptions = parseOverheadArgs();
const overhead: OverheadReport | undefined = args.only === "pipeline" ? undefined : await runOverhead(overheadOptions);

const date = new Date().toISOString();
const machineLine = `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB RAM, ${machine.platform}, Node ${machine.node}, sharp ${machine.sharp} / libvips ${machine.libvips}`;

function markdown(): string {
  const out: string[] = [`# Darkroom benchmarks`, "", `${date.slice(0, 10)} · ${machineLine} · \`npm run bench\` in ${((Date.now() - started) / 1000).toFixed(0)} s`, ""];
  if (overhead) {
    const t = overheadTable(overhead);
    out.push(
      "## Gateway overhead",
      "",
      `Darkroom's \`/v1/images/generations\` (\`openai/gpt-image-1-mini\`) in front of a fake OpenAI Images API answering after ${overhead.upstream.delayMs} ms with a ${(overhead.upstream.imageBytes / 1e6).toFixed(2)} MB 1024×1024 PNG as base64, against calling the fake directly; autocannon on loopback, ${overhead.seconds} s per run. The ratio is Darkroom / direct (targets at concurrency ${TARGET_CONCURRENCY}: p50 ≤ ${OVERHEAD_TARGETS.p50.max}, p99 ≤ ${OVERHEAD_TARGETS.p99.max}; throughput ≥ ${OVERHEAD_TARGETS.rps.min}). The fake and autocannon run in the benchmark process, Darkroom (\`next start\`, ${overhead.database === "postgresql" ? "PostgreSQL" : "embedded PGlite"}) as a child process, all on the same cores. "App CPU / request" is the app's CPU time (all threads) per Darkroom request; "deferred CPU / request" is what it spent after the run on work it defers past its answers (thumbnails, made once no generation has run for half a second), and how long that took: every direct run starts only once the app is idle again; "other load" is what the rest of the machine used meanwhile (⚠ above ${NOISY_CORES} cores: noisy figures).`,
      "",
      markdownTable(t.header, t.rows),
      "",
    );
    const n = overhead.nEmulation;
    out.push("## n emulation", "");
    if (n.skipped) out.push(`Skipped: ${n.skipped}`, "");
    else {
      out.push(
        `n=4 from a provider that makes 1 image per call (4 parallel calls to the same fake), against n=1 through the same provider; median of 9 sequential requests each, target ≤ ${OVERHEAD_TARGETS.nEmulation.max}×.`,
        "",
        markdownTable(
          ["response_format", "n=1", "n=4 (4 calls)", "ratio"],
          n.rows.map((row) => [row.responseFormat, ms(row.n1.median), ms(row.n4.median), against(row.ratio, OVERHEAD_TARGETS.nEmulation)]),
        ),
        "",
      );
    }
    const m = overhead.memory;
    const top = Math.max(...overheadOptions.concurrency);
    out.push(
      "## Memory",
      "",
      `Resident memory of the app process: idle ${mb(m.idleBytes)}; peak under concurrency ${top} ${mb(m.peakBytes)} (${ratio(m.peakBytes / m.idleBytes)} idle); ${(m.settleMs / 1000).toFixed(0)} s after each of ${m.afterBytes.length} concurrency-${top} runs: ${m.afterBytes.map(mb).join(", ")} (last − first: ${mb(m.growthBytes)}).`,
      "",
    );
  }
  if (pipeline) {
    const t = pipelineTable(pipeline);
    out.push(
      "## Image pipeline",
      "",
      `sharp with the request path's settings (lib/images) on a detailed 1024×1024 PNG (${(pipeline.input.bytes / 1e6).toFixed(2)} MB): ms per image one at a time (median), images per second with ${machine.cores} at once, and the time as a multiple of decoding the same PNG.`,
      "",
      markdownTable(t.header, t.rows),
      "",
    );
  }
  return out.join("\n");
}

const dir = path.join(process.cwd(), "bench", "results");
await mkdir(dir, { recursive: true });
const json = { date, machine, build: { distDir: DIST_DIR, ...build }, options: overheadOptions, pipeline, overhead };
const md = markdown();
for (const [name, content] of [["latest.json", `${JSON.stringify(json, null, 2)}\n`], ["latest.md", `${md}\n`]] as const) {
  const file = path.join(dir, name);
  await writeFile(`${file}.tmp`, content);
  await rename(`${file}.tmp`, file);
}

if (overhead) {
  const t = overheadTable(overhead);
  console.log(`\n${textTable(t.header, t.rows)}`);
}
if (pipeline) {
  const t = pipelineTable(pipeline);
  console.log(`\n${textTable(t.header, t.rows)}`);
}
console.log(`\nWrote bench/results/latest.json and latest.md (${((Date.now() - started) / 1000).toFixed(0)} s).`);

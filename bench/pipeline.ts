// `npm run bench` (through bench/run.ts), or alone: `tsx --conditions=react-server bench/pipeline.ts`.
//
// The image pipeline with the exact settings of the request path (lib/images/convert.ts, thumbnail.ts):
// converting one 1024×1024 image to each output format, and making its thumbnail + placeholder. Prints
// ms per image (one at a time) and images per second (as many at once as there are cores), and each time
// as a ratio to a plain decode of the same image measured in the same run. The input is a detailed
// (noise-textured) PNG, harder on lossy encoders than the overhead benchmark's smooth one (`--smooth`).
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { convertImage } from "@/lib/images/convert";
import { makeThumbnail } from "@/lib/images/thumbnail";
import type { OutputFormat } from "@/lib/params/request-schema";
import { against, ms, textTable } from "./lib/format";
import { detailedPng, photoLikePng } from "./lib/photo";

/** Absolute targets of the issue, for this 2-core machine. */
export const PIPELINE_TARGETS_MS: Partial<Record<string, number>> = { webp: 150, avif: 800 };

export interface PipelineRow {
  operation: string;
  /** Median of sequential runs. */
  msPerImage: number;
  /** `parallel` images at once. */
  imagesPerSecond: number;
  parallel: number;
  outputBytes: number;
  /** msPerImage / the decode baseline's. */
  ratioToDecode: number;
  targetMs?: number;
}

export interface PipelineReport {
  input: { width: number; height: number; format: string; bytes: number; kind: string };
  decodeMs: number;
  rows: PipelineRow[];
}

async function measure(fn: () => Promise<Buffer>, runs: number, parallel: number): Promise<{ median: number; perSecond: number; bytes: number }> {
  const bytes = (await fn()).byteLength; // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  // Throughput: `parallel` lanes, each converting images back to back.
  const perLane = Math.max(1, Math.ceil(runs / parallel));
  const started = performance.now();
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = 0; i < perLane; i++) await fn();
  }));
  const perSecond = (parallel * perLane) / ((performance.now() - started) / 1000);
  return { median: times[Math.floor(times.length / 2)]!, perSecond, bytes };
}

export async function runPipeline(options: { input?: "detailed" | "smooth" } = {}): Promise<PipelineReport> {
  const kind = options.input ?? "detailed";
  const png = kind === "detailed" ? await detailedPng() : await photoLikePng();
  const parallel = availableParallelism();
  console.log(`\nImage pipeline: 1024×1024 ${kind} PNG (${(png.byteLength / 1e6).toFixed(2)} MB), request-path settings, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, sharp concurrency ${sharp.concurrency()}`);
  const decode = await measure(() => sharp(png).raw().toBuffer(), 10, parallel);
  const rows: PipelineRow[] = [];
  const add = (operation: string, result: { median: number; perSecond: number; bytes: number }, targetMs?: number) => {
    const row: PipelineRow = { operation, msPerImage: result.median, imagesPerSecond: result.perSecond, parallel, outputBytes: result.bytes, ratioToDecode: result.median / decode.median, ...(targetMs ? { targetMs } : {}) };
    rows.push(row);
    console.log(
      `  ${operation.padEnd(22)} ${ms(row.msPerImage).padStart(8)}/image  ${row.imagesPerSecond.toFixed(1).padStart(5)} images/s  ×${row.ratioToDecode.toFixed(1)} decode  ${(row.outputBytes / 1024).toFixed(0).padStart(5)} KB` +
        (targetMs ? `  ${row.msPerImage <= targetMs ? "✓" : "✗"} (target ≤ ${targetMs} ms)` : ""),
    );
  };
  add("decode (baseline)", decode);
  const formats: [OutputFormat, number][] = [["png", 8], ["jpeg", 8], ["webp", 8], ["avif", 4], ["gif", 4]];
  for (const [format, runs] of formats) {
    add(`convert → ${format}`, await measure(() => convertImage(png, format), runs, parallel), PIPELINE_TARGETS_MS[format]);
  }
  add("thumbnail + placeholder", await measure(async () => (await makeThumbnail(png)).bytes, 10, parallel));
  return { input: { width: 1024, height: 1024, format: "png", bytes: png.byteLength, kind }, decodeMs: decode.median, rows };
}

export function pipelineTable(report: PipelineReport): { header: string[]; rows: string[][] } {
  return {
    header: ["operation", "ms / image", "images / s", "× decode", "output"],
    rows: report.rows.map((row) => [
      row.operation,
      row.targetMs ? `${ms(row.msPerImage)} ${row.msPerImage <= row.targetMs ? "✓" : "✗"} (≤ ${row.targetMs})` : ms(row.msPerImage),
      `${row.imagesPerSecond.toFixed(1)} (${row.parallel} at once)`,
      against(row.ratioToDecode, undefined),
      `${(row.outputBytes / 1024).toFixed(0)} KB`,
    ]),
  };
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const report = await runPipeline({ input: process.argv.includes("--smooth") ? "smooth" : "detailed" });
  const table = pipelineTable(report);
  console.log(`\n${textTable(table.header, table.rows)}`);
}

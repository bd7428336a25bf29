// `npm run bench` (through bench/run.ts), or alone: `tsx --conditions=react-server bench/overhead.ts`.
//
// What the gateway adds to what the provider takes. A fake OpenAI Images API answers after a fixed delay
// with a 1024×1024 PNG as base64; autocannon measures, on loopback, (a) calling it directly and (b) calling
// Darkroom's /v1/images/generations routed to it, at several concurrencies, for response_format b64_json
// and url; every figure is printed as the ratio b/a of two runs made minutes apart on the same machine.
// Also: n=4 emulated with 4 parallel calls to a provider that makes 1 image per call, and the app's
// resident memory idle, under the heaviest load and after it, over repeated runs.
//
//   --seconds <s>       length of each measured run (default 8)
//   --concurrency <l>   comma-separated list (default 1,16,64)
//   --delay <ms>        the fake's answer delay (default 200)
//   --upstream tests    use tests/fakes/openai-fake.ts (flat-colour PNG drawn per request) instead of the
//                       bench fake (photo-like 1.7 MB PNG)
//   --postgres <url>    run the app on a fresh database of this PostgreSQL server (created and dropped
//                       here) instead of the embedded PGlite, e.g. postgresql://postgres@127.0.0.1:5432/postgres
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startBenchApp, sampleRss, treeRss, type BenchApp } from "./lib/app";
import { cpuWindow, waitUntilIdle, type CpuShare } from "./lib/cpu";
import { startFakeUpstream, startTestsFake, type FakeUpstream } from "./lib/fake-upstream";
import { against, mb, ms, ratio, textTable } from "./lib/format";
import { load, perConnectionFor, type LoadResult } from "./lib/load";
import { photoLikePng } from "./lib/photo";

export const OVERHEAD_TARGETS = { p50: { max: 1.05 }, p99: { max: 1.25 }, rps: { min: 0.9 }, nEmulation: { max: 1.2 } } as const;
/** The concurrency at which the latency targets apply. */
export const TARGET_CONCURRENCY = 16;

export interface OverheadOptions {
  /** Approximate length of each measured run. */
  seconds: number;
  /** Requests per connection of each warm-up (and memory-repeat) run. */
  warmupRequests: number;
  concurrency: number[];
  delayMs: number;
  upstream: "bench" | "tests";
  memoryRepeats: number;
  /** Admin URL of a PostgreSQL server: the app gets a fresh database there instead of PGlite. */
  postgres?: string;
}

export interface OverheadRow {
  concurrency: number;
  responseFormat: "b64_json" | "url";
  direct: LoadResult;
  darkroom: LoadResult;
  ratios: { p50: number; p99: number; rps: number };
  /** Where the CPU went during each run; `other` is the rest of the machine (noise). */
  cpu: { direct: CpuShare; darkroom: CpuShare };
  /** App CPU time (all its threads) per Darkroom request. */
  appCpuMsPerRequest: number;
  /** The work the app deferred past its answers (thumbnails), done once the run ended: how long, and its CPU per request. */
  deferred: { seconds: number; cpuMsPerRequest: number };
}

export interface NEmulationRow {
  responseFormat: "b64_json" | "url";
  n1: { median: number; p95: number };
  n4: { median: number; p95: number };
  ratio: number;
}

export interface MemoryReport {
  /** After start (health check answered), before any generation. */
  idleBytes: number;
  /** Highest resident memory seen during the concurrency-64 (highest) runs. */
  peakBytes: number;
  /** After each run at the highest concurrency, once the app has been idle for `settleMs`. */
  afterBytes: number[];
  settleMs: number;
  /** Last "after" minus the first. */
  growthBytes: number;
}

export interface OverheadReport {
  database: "pglite" | "postgresql";
  upstream: { kind: "bench" | "tests"; delayMs: number; imageBytes: number; base64Bytes: number };
  appEnv: Record<string, string>;
  seconds: number;
  rows: OverheadRow[];
  nEmulation: { skipped?: string; rows: NEmulationRow[]; upstreamCalls?: number };
  memory: MemoryReport;
}

const PROMPT = "a lighthouse on a cliff at dusk, oil painting";
/** Cores used by other processes during a run above which its figures are flagged as noisy. */
export const NOISY_CORES = 0.25;
const SETTLE_MS = 3000;

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

const agent = new http.Agent({ keepAlive: true });

/**
 * One POST over node:http (keep-alive), timed to the last byte of the answer. Not fetch: on this Node,
 * undici's client adds ~100 ms to receiving a multi-megabyte body, which would drown what is measured.
 */
function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; ms: number; json: any }> {
  const payload = JSON.stringify(body);
  const target = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const elapsed = performance.now() - started;
          const text = Buffer.concat(chunks).toString("utf8");
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ms: elapsed, json });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** One request of each kind, checked, so a misrouted run (simulator, errors) never yields figures. */
async function sanity(app: BenchApp, imageBytes: number | undefined): Promise<void> {
  const endpoint = `${app.url}/v1/images/generations`;
  const b64 = await post(endpoint, { model: "openai/gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", response_format: "b64_json" });
  if (b64.status !== 200) throw new Error(`Darkroom answered ${b64.status}: ${b64.text.slice(0, 500)}\n${app.logs()}`);
  if (b64.headers["x-darkroom-provider"] !== "openai") throw new Error(`served by ${String(b64.headers["x-darkroom-provider"])}, not the fake`);
  const bytes = Buffer.from(b64.json.data[0].b64_json as string, "base64");
  if (imageBytes !== undefined && bytes.byteLength !== imageBytes) throw new Error(`b64_json image is ${bytes.byteLength} bytes, the fake sent ${imageBytes}`);
  const url = await post(endpoint, { model: "openai/gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", response_format: "url" });
  if (url.status !== 200) throw new Error(`Darkroom answered ${url.status}: ${url.text.slice(0, 500)}`);
  const file = await fetch(url.json.data[0].url as string);
  if (!file.ok) throw new Error(`the image URL ${url.json.data[0].url} answered ${file.status}`);
  const served = Buffer.from(await file.arrayBuffer()).byteLength;
  if (imageBytes !== undefined && served !== imageBytes) throw new Error(`the image URL served ${served} bytes, the fake sent ${imageBytes}`);
}

export async function nEmulation(app: BenchApp, fake: FakeUpstream): Promise<OverheadReport["nEmulation"]> {
  const endpoint = `${app.url}/v1/images/generations`;
  const body = (n: number, responseFormat: string) => ({ model: "bench-single/gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", n, response_format: responseFormat });
  const probe = await post(endpoint, body(4, "url"));
  if (probe.status !== 200) {
    return { skipped: `bench-single/gpt-image-1-mini answered ${probe.status} (is DARKROOM_PROVIDERS_FILE wired into the registry?): ${probe.json?.error?.message ?? probe.text.slice(0, 200)}`, rows: [] };
  }
  const emulated = (probe.json.darkroom.warnings as { type: string; param?: string }[]).some((w) => w.type === "emulated" && w.param === "n");
  if (probe.json.data.length !== 4 || !emulated) {
    return { skipped: `n=4 on bench-single returned ${probe.json.data.length} images${emulated ? "" : " without an emulated-n warning"}`, rows: [] };
  }
  const rows: NEmulationRow[] = [];
  const callsBefore = await fake.calls();
  for (const responseFormat of ["url", "b64_json"] as const) {
    // Interleaved, so a burst of noise on the machine hits both sides alike.
    const times: Record<1 | 4, number[]> = { 1: [], 4: [] };
    for (let i = 0; i < 2; i++) for (const n of [1, 4] as const) await post(endpoint, body(n, responseFormat));
    for (let i = 0; i < 9; i++) {
      for (const n of [1, 4] as const) {
        const answer = await post(endpoint, body(n, responseFormat));
        if (answer.status !== 200 || answer.json?.data?.length !== n) throw new Error(`n=${n} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
        times[n].push(answer.ms);
      }
    }
    const stats = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.ceil(sorted.length * 0.95) - 1]! };
    };
    const n1 = stats(times[1]);
    const n4 = stats(times[4]);
    rows.push({ responseFormat, n1, n4, ratio: n4.median / n1.median });
  }
  return { rows, upstreamCalls: (await fake.calls()) - callsBefore };
}

export async function runOverhead(options: OverheadOptions): Promise<OverheadReport> {
  const png = options.upstream === "bench" ? await photoLikePng() : undefined;
  const fake = options.upstream === "bench" ? await startFakeUpstream({ png: png!, delayMs: options.delayMs }) : await startTestsFake({ delayMs: options.delayMs });
  // Each bench image carries a 36-byte marker that makes it unique (see fake-upstream.ts).
  const imageBytes = png ? png.byteLength + 36 : undefined;
  const configDir = await mkdtemp(path.join(tmpdir(), "darkroom-bench-config-"));
  const providersFile = path.join(configDir, "darkroom.providers.json");
  await writeFile(
    providersFile,
    JSON.stringify({
      providers: [{ id: "bench-single", name: "Bench fake, 1 image per call", baseUrl: fake.url, apiKeyEnv: "OPENAI_API_KEY", models: [{ model: "gpt-image-1-mini", maxImagesPerCall: 1 }] }],
    }),
  );
  const maxConcurrency = Math.max(...options.concurrency);
  const database = options.postgres ? await freshDatabase(options.postgres) : undefined;
  const appEnv: Record<string, string> = {
    ...(database ? { DATABASE_URL: database.url } : {}),
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.url,
    DARKROOM_PROVIDERS_FILE: providersFile,
    DARKROOM_SIMULATOR: "off",
    // The per-provider bulkhead (16 by default) would queue the concurrency-64 rows: this measures the
    // gateway's overhead, not its admission policy.
    DARKROOM_PROVIDER_CONCURRENCY: String(Math.max(16, maxConcurrency * 2)),
  };
  console.log(
    `\nOverhead: fake upstream (${options.upstream === "bench" ? `bench fake in a worker thread, ${(imageBytes! / 1e6).toFixed(2)} MB PNG, unique per image` : "tests' fake, flat-colour PNG"}) answering after ${options.delayMs} ms;` +
      `\n  autocannon and the fake in this process, Darkroom (next start, ${database ? "PostgreSQL" : "embedded PGlite"}) as a child process, all on the same ${(await import("node:os")).availableParallelism()} cores.`,
  );
  const app = await startBenchApp(appEnv);
  try {
    await sleep(SETTLE_MS);
    const idleBytes = treeRss(app.pid) ?? 0;
    console.log(`  app idle: ${mb(idleBytes)} resident`);
    await sanity(app, imageBytes);

    const direct = `${fake.url}/images/generations`;
    const directBody = { model: "gpt-image-1-mini", prompt: PROMPT, n: 1, size: "1024x1024" };
    const directHeaders = { authorization: `Bearer ${fake.apiKey}` };
    const gateway = `${app.url}/v1/images/generations`;
    const gatewayBody = (responseFormat: string) => ({ model: "openai/gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", response_format: responseFormat });

    const rows: OverheadRow[] = [];
    const afterBytes: number[] = [];
    let peakBytes = idleBytes;
    const print = (row: OverheadRow) =>
      console.log(
        `  c=${String(row.concurrency).padEnd(3)} ${row.responseFormat.padEnd(8)} direct p50 ${ms(row.direct.p50).padStart(7)} p99 ${ms(row.direct.p99).padStart(7)} ${row.direct.rps.toFixed(1).padStart(6)} req/s` +
          ` | darkroom p50 ${ms(row.darkroom.p50).padStart(7)} p99 ${ms(row.darkroom.p99).padStart(7)} ${row.darkroom.rps.toFixed(1).padStart(6)} req/s` +
          ` | ratio p50 ${ratio(row.ratios.p50)} p99 ${ratio(row.ratios.p99)} req/s ${ratio(row.ratios.rps)}` +
          ` | app ${row.cpu.darkroom.app.toFixed(2)} cores, ${row.appCpuMsPerRequest.toFixed(0)} ms CPU/request, then ${row.deferred.cpuMsPerRequest.toFixed(0)} ms/request deferred (${row.deferred.seconds.toFixed(1)} s)` +
          (Math.max(row.cpu.direct.other, row.cpu.darkroom.other) > NOISY_CORES ? `  ⚠ other processes used ${Math.max(row.cpu.direct.other, row.cpu.darkroom.other).toFixed(2)} cores` : "") +
          (row.darkroom.errors || row.darkroom.non2xx ? `  (${row.darkroom.errors} errors, ${row.darkroom.non2xx} non-2xx)` : ""),
      );

    for (const connections of options.concurrency) {
      // Warm-up, which also sizes the measured runs: each connection makes about `seconds` worth of requests.
      const warmDirect = await load({ url: direct, body: directBody, headers: directHeaders, connections, perConnection: 2 });
      const warm: Record<string, LoadResult> = {};
      for (const responseFormat of ["b64_json", "url"] as const) {
        warm[responseFormat] = await load({ url: gateway, body: gatewayBody(responseFormat), connections, perConnection: options.warmupRequests });
      }
      await waitUntilIdle(app.pid);
      for (const responseFormat of ["b64_json", "url"] as const) {
        // The direct call is the same for both formats (a gpt-image provider always answers base64); it is
        // measured next to each Darkroom run so both sides see the same machine.
        const directCpu = cpuWindow(app.pid);
        const directResult = await load({ url: direct, body: directBody, headers: directHeaders, connections, perConnection: perConnectionFor(options.seconds, warmDirect.mean) });
        const directShare = directCpu.stop();
        const sampler = connections === maxConcurrency ? sampleRss(app.pid) : undefined;
        const darkroomCpu = cpuWindow(app.pid);
        const darkroom = await load({ url: gateway, body: gatewayBody(responseFormat), connections, perConnection: perConnectionFor(options.seconds, warm[responseFormat]!.mean) });
        const darkroomShare = darkroomCpu.stop();
        const drained = await waitUntilIdle(app.pid);
        if (sampler) {
          peakBytes = Math.max(peakBytes, sampler.stop());
          await sleep(SETTLE_MS);
          afterBytes.push(treeRss(app.pid) ?? 0);
        }
        const row: OverheadRow = {
          concurrency: connections,
          responseFormat,
          direct: directResult,
          darkroom,
          ratios: { p50: darkroom.p50 / directResult.p50, p99: darkroom.p99 / directResult.p99, rps: darkroom.rps / directResult.rps },
          cpu: { direct: directShare, darkroom: darkroomShare },
          appCpuMsPerRequest: darkroom.requests ? (darkroomShare.app * darkroomShare.seconds * 1000) / darkroom.requests : 0,
          deferred: { seconds: drained.seconds, cpuMsPerRequest: darkroom.requests ? (drained.cpuSeconds * 1000) / darkroom.requests : 0 },
        };
        rows.push(row);
        print(row);
      }
    }

    // Memory over repeated heaviest runs: resident memory after each must not keep climbing.
    for (let i = 0; i < options.memoryRepeats; i++) {
      const sampler = sampleRss(app.pid);
      await load({ url: gateway, body: gatewayBody(i % 2 ? "url" : "b64_json"), connections: maxConcurrency, perConnection: Math.max(3, options.warmupRequests) });
      peakBytes = Math.max(peakBytes, sampler.stop());
      await waitUntilIdle(app.pid);
      await sleep(SETTLE_MS);
      afterBytes.push(treeRss(app.pid) ?? 0);
    }
    const memory: MemoryReport = { idleBytes, peakBytes, afterBytes, settleMs: SETTLE_MS, growthBytes: afterBytes.length ? afterBytes.at(-1)! - afterBytes[0]! : 0 };
    console.log(
      `  memory: idle ${mb(idleBytes)}, peak under c=${maxConcurrency} ${mb(peakBytes)} (${ratio(peakBytes / idleBytes)} idle),` +
        ` after each c=${maxConcurrency} run ${afterBytes.map(mb).join(", ")} (growth first→last ${mb(memory.growthBytes)})`,
    );

    const n = await nEmulation(app, fake);
    if (n.skipped) console.log(`  n emulation: skipped: ${n.skipped}`);
    for (const row of n.rows) {
      console.log(
        `  n emulation (${row.responseFormat}): n=1 ${ms(row.n1.median)}, n=4 as 4 calls ${ms(row.n4.median)} → ${against(row.ratio, OVERHEAD_TARGETS.nEmulation)}`,
      );
    }

    return {
      database: database ? "postgresql" : "pglite",
      upstream: { kind: options.upstream, delayMs: options.delayMs, imageBytes: imageBytes ?? 0, base64Bytes: imageBytes ? Math.ceil(imageBytes / 3) * 4 : 0 },
      appEnv: Object.fromEntries(Object.entries(appEnv).filter(([key]) => !["OPENAI_API_KEY", "OPENAI_BASE_URL", "DARKROOM_PROVIDERS_FILE", "DATABASE_URL"].includes(key))),
      seconds: options.seconds,
      rows,
      nEmulation: n,
      memory,
    };
  } catch (error) {
    console.error(app.logs());
    throw error;
  } finally {
    await app.stop();
    await fake.close();
    await rm(configDir, { recursive: true, force: true });
    await database?.drop();
  }
}

/** A database of its own on a PostgreSQL server (as tests/helpers/app.ts makes them), dropped afterwards. */
async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const pg = (await import("pg")).default;
  const name = `darkroom_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function overheadTable(report: OverheadReport): { header: string[]; rows: string[][] } {
  return {
    header: ["concurrency", "response_format", "direct p50 / p99", "Darkroom p50 / p99", "p50 ratio", "p99 ratio", "direct req/s", "Darkroom req/s", "req/s ratio", "app CPU / request", "deferred CPU / request", "other load"],
    rows: report.rows.map((row) => {
      const targeted = row.concurrency === TARGET_CONCURRENCY;
      return [
        String(row.concurrency),
        row.responseFormat,
        `${ms(row.direct.p50)} / ${ms(row.direct.p99)}`,
        `${ms(row.darkroom.p50)} / ${ms(row.darkroom.p99)}`,
        against(row.ratios.p50, targeted ? OVERHEAD_TARGETS.p50 : undefined),
        against(row.ratios.p99, targeted ? OVERHEAD_TARGETS.p99 : undefined),
        row.direct.rps.toFixed(1),
        row.darkroom.rps.toFixed(1),
        against(row.ratios.rps, OVERHEAD_TARGETS.rps),
        ms(row.appCpuMsPerRequest),
        `${ms(row.deferred.cpuMsPerRequest)} (${row.deferred.seconds.toFixed(1)} s)`,
        `${Math.max(row.cpu.direct.other, row.cpu.darkroom.other).toFixed(2)} cores${Math.max(row.cpu.direct.other, row.cpu.darkroom.other) > NOISY_CORES ? " ⚠" : ""}`,
      ];
    }),
  };
}

export function parseOverheadArgs(argv = process.argv.slice(2)): OverheadOptions {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      seconds: { type: "string", default: "8" },
      concurrency: { type: "string", default: "1,16,64" },
      delay: { type: "string", default: "200" },
      upstream: { type: "string", default: "bench" },
      "memory-repeats": { type: "string", default: "3" },
      postgres: { type: "string" },
    },
  });
  const seconds = Number(values.seconds);
  return {
    seconds,
    warmupRequests: 3,
    concurrency: String(values.concurrency).split(",").map(Number),
    delayMs: Number(values.delay),
    upstream: values.upstream === "tests" ? "tests" : "bench",
    memoryRepeats: Number(values["memory-repeats"]),
    ...(typeof values.postgres === "string" ? { postgres: values.postgres } : {}),
  };
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const { ensureBuild } = await import("./lib/app");
  ensureBuild();
  const report = await runOverhead(parseOverheadArgs());
  const table = overheadTable(report);
  console.log(`\n${textTable(table.header, table.rows)}`);
}

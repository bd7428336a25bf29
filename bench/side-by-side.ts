// `npm run bench:side`: Darkroom against the floor (bench/floor/floor-gateway.mjs: the least work an honest
// gateway does) and Portkey's open-source gateway (proxy only), all in front of the same fake upstream,
// interleaved round by round so machine noise hits every gateway alike. Medians over the rounds; CPU per
// request of each gateway's process tree from /proc, in the request and deferred (until the tree is idle).
//   --seconds <s>      length of each run (default 8)   --rounds <n>  rounds (default 3)
//   --concurrency <l>  comma-separated (default 1,16,64) --delay <ms>  the fake's delay (default 200)
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { ensureBuild, startBenchApp } from "./lib/app";
import { cpuWindow, waitUntilIdle } from "./lib/cpu";
import { startFakeUpstream } from "./lib/fake-upstream";
import { markdownTable, ms, ratio } from "./lib/format";
import { load, perConnectionFor } from "./lib/load";
import { photoLikePng } from "./lib/photo";
import { startFloorGateway, startPortkey, type SideGateway } from "./lib/side-gateways";

type Format = "url" | "b64_json";
interface Sample { rps: number; p50: number; p99: number; cpuMs: number; deferredMs: number; errors: number }

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "8" }, rounds: { type: "string", default: "3" }, concurrency: { type: "string", default: "1,16,64" }, delay: { type: "string", default: "200" } },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const levels = values.concurrency!.split(",").map(Number);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(g: SideGateway | { name: "direct"; url: string; headers: Record<string, string>; body: SideGateway["body"]; pid?: undefined }, c: number, format: Format, perConnection: number): Promise<Sample> {
  const window = cpuWindow(g.pid);
  const result = await load({ url: g.url, body: g.body(format), headers: g.headers, connections: c, perConnection });
  const share = window.stop();
  const deferred = g.pid ? await waitUntilIdle(g.pid) : { cpuSeconds: 0 };
  const requests = Math.max(1, result.requests);
  return {
    rps: result.rps, p50: result.p50, p99: result.p99,
    cpuMs: (share.app * share.seconds * 1000) / requests,
    deferredMs: (deferred.cpuSeconds * 1000) / requests,
    errors: result.errors + result.non2xx,
  };
}

async function main() {
  ensureBuild();
  const fake = await startFakeUpstream({ png: await photoLikePng(), delayMs: Number(values.delay) });
  const app = await startBenchApp({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url, DARKROOM_SIMULATOR: "off", DARKROOM_PROVIDER_CONCURRENCY: "256" });
  const darkroom: SideGateway = {
    name: "darkroom", url: `${app.url}/v1/images/generations`, pid: app.pid, headers: {},
    body: (format) => ({ model: "openai/gpt-image-1-mini", prompt: "a lighthouse on a cliff at dusk, volumetric light", size: "1024x1024", response_format: format }),
    stop: app.stop,
  };
  const direct = { name: "direct" as const, url: `${fake.url}/images/generations`, headers: { authorization: `Bearer ${fake.apiKey}` }, body: darkroom.body };
  const gateways = [direct, await startFloorGateway(fake), darkroom, await startPortkey(fake)];
  const samples = new Map<string, Sample[]>();
  const key = (name: string, c: number, f: Format) => `${name}|${c}|${f}`;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const c of levels) {
        for (const format of ["url", "b64_json"] as const) {
          // A fixed request count per run (so CPU ÷ requests is exact), sized from the fake's latency.
          const perConnection = perConnectionFor(seconds, Number(values.delay) * (c > 16 ? c / 16 : 1) * 1.3);
          for (const g of gateways) {
            if (round === 0) await load({ url: g.url, body: g.body(format), headers: g.headers, connections: c, perConnection: 2 });
            const sample = await measure(g, c, format, perConnection);
            samples.set(key(g.name, c, format), [...(samples.get(key(g.name, c, format)) ?? []), sample]);
            console.log(`round ${round + 1} c=${c} ${format} ${g.name}: ${sample.rps.toFixed(1)} req/s, p50 ${ms(sample.p50)}, CPU ${sample.cpuMs.toFixed(1)} + ${sample.deferredMs.toFixed(1)} ms/req, errors ${sample.errors}`);
          }
        }
      }
    }
  } finally {
    for (const g of gateways) if ("stop" in g) await g.stop();
    await fake.close();
  }
  const rows: string[][] = [];
  const report: Record<string, unknown>[] = [];
  for (const c of levels) {
    for (const format of ["url", "b64_json"] as const) {
      const med = (name: string) => {
        const s = samples.get(key(name, c, format))!;
        return { rps: median(s.map((x) => x.rps)), p50: median(s.map((x) => x.p50)), p99: median(s.map((x) => x.p99)), cpuMs: median(s.map((x) => x.cpuMs)), deferredMs: median(s.map((x) => x.deferredMs)), errors: s.reduce((a, x) => a + x.errors, 0) };
      };
      const d = med("direct");
      const floor = med("floor");
      for (const name of ["floor", "darkroom", "portkey"]) {
        const m = med(name);
        report.push({ concurrency: c, format, gateway: name, ...m, rpsVsDirect: m.rps / d.rps, rpsVsFloor: m.rps / floor.rps, cpuVsFloor: m.cpuMs / floor.cpuMs, totalCpuVsFloor: (m.cpuMs + m.deferredMs) / (floor.cpuMs + floor.deferredMs) });
        rows.push([String(c), format, name, ratio(m.rps / d.rps), ratio(m.rps / floor.rps), `${ms(m.p50)} / ${ms(m.p99)}`, ratio(m.p50 / floor.p50), `${m.cpuMs.toFixed(1)} ms`, `${m.deferredMs.toFixed(1)} ms`, ratio(m.cpuMs / floor.cpuMs), ratio((m.cpuMs + m.deferredMs) / (floor.cpuMs + floor.deferredMs)), String(m.errors)]);
      }
    }
  }
  const header = ["c", "format", "gateway", "req/s ×direct", "req/s ×floor", "p50 / p99", "p50 ×floor", "CPU/req in request", "deferred CPU/req", "CPU ×floor", "total CPU ×floor", "errors"];
  const machine = `${new Date().toISOString().slice(0, 10)} · ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version} · medians of ${rounds} rounds, ${seconds} s runs`;
  const markdown = `${machine}\n\n${markdownTable(header, rows)}\n`;
  console.log(`\n${markdown}`);
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/side-by-side.json", JSON.stringify({ machine, rows: report }, null, 2));
  await writeFile("bench/results/side-by-side.md", markdown);
}

await main();

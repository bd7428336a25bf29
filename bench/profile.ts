// `npm run bench:profile`: Darkroom under the benchmark's load with V8's CPU profiler on its event loop, and
// where that thread's time goes over the load window only (start-up and shutdown left out): self time by
// package (Next.js, Prisma, PGlite's WebAssembly Postgres, Node core, Darkroom's own code…) and by function.
// The profiler samples the main thread only: bench/threads.ts splits CPU across all threads.
//   npm run bench:profile -- [--format url|b64_json] [--concurrency 16] [--requests 320] [--keep <dir>]
import { statSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBuild } from "./lib/app";
import { summarizeProfile } from "./lib/cpu-profile";
import { startFakeUpstream } from "./lib/fake-upstream";
import { startDarkroom } from "./lib/gateways";
import { load } from "./lib/load";
import { photoLikePng } from "./lib/photo";

const { values } = parseArgs({ options: { format: { type: "string", default: "url" }, concurrency: { type: "string", default: "16" }, requests: { type: "string", default: "320" }, keep: { type: "string" } } });
const format = values.format === "b64_json" ? "b64_json" : "url";
const connections = Number(values.concurrency);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

ensureBuild();
const dir = values.keep ?? (await mkdtemp(path.join(tmpdir(), "darkroom-profile-")));
const fake = await startFakeUpstream({ png: await photoLikePng(), delayMs: 200 });
const darkroom = await startDarkroom(fake, { name: "darkroom", nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
let window: { from: number; to: number; requests: number; rps: number };
try {
  await load({ url: darkroom.url, body: darkroom.body(format), connections, perConnection: 4 });
  const from = nowUs();
  const result = await load({ url: darkroom.url, body: darkroom.body(format), connections, perConnection: Math.ceil(Number(values.requests) / connections) });
  window = { from, to: nowUs(), requests: result.requests, rps: result.rps };
} finally {
  // The profile is written as the server exits.
  await darkroom.stop();
  await fake.close();
}
const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
// The main thread's profile is the largest (the request threads have their own, nearly empty).
const sizes = files.map((f) => [f, statSync(path.join(dir, f)).size] as const);
const main = sizes.sort((a, b) => b[1] - a[1])[0]?.[0];
if (!main) throw new Error(`no profile was written to ${dir}`);
const summary = summarizeProfile(path.join(dir, main), window.from, window.to);
const perRequest = (ms: number) => (ms / window.requests).toFixed(2);
console.log(`Darkroom, c=${connections} ${format}, ${window.requests} requests at ${window.rps.toFixed(1)} req/s: event loop busy ${perRequest(summary.busyMs)} ms per request (sampled; the profiler adds its own cost)`);
console.log("\nSelf time by package (ms per request):");
for (const [name, ms] of summary.byPackage) console.log(`  ${perRequest(ms).padStart(7)}  ${name}`);
console.log("\nSelf time by function (ms per request):");
for (const [name, ms] of summary.byFunction) console.log(`  ${perRequest(ms).padStart(7)}  ${name}`);
if (!values.keep) await rm(dir, { recursive: true, force: true });
else console.log(`\nProfiles kept in ${dir} (open them in Chrome DevTools' Performance panel).`);

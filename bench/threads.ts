// Where Darkroom's CPU goes, per thread (main event loop, request threads, libuv pool, GC helpers, …), from
// /proc/<pid>/task/*/stat around one load run: less distorted than a profiler for PGlite's WebAssembly.
//   tsx --conditions=react-server bench/threads.ts [--concurrency 16] [--format url] [--requests 160]
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ensureBuild } from "./lib/app";
import { load } from "./lib/load";
import { startTargets } from "./lib/targets-start";

const { values } = parseArgs({ options: { concurrency: { type: "string", default: "16" }, format: { type: "string", default: "url" }, requests: { type: "string", default: "160" } } });

// Threads started before `next start` renames its process keep Node's name: V8's platform workers (GC
// marking and sweeping, compilation) and the libuv pool (fs, crypto, sharp). The request threads
// (json-fetch-worker.mjs) start later and take the new name.
const THREAD_ROLES: Record<string, string> = { node: "V8 helpers + libuv pool", "next-server (v1": "request threads" };

/** CPU ticks per thread name of a process (threads of one name summed: the libuv pool, GC helpers). */
function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const key = tid === String(pid) ? "main (event loop)" : (THREAD_ROLES[name] ?? name);
      out.set(key, (out.get(key) ?? 0) + Number(fields[11]) + Number(fields[12]));
    } catch {
      // the thread ended
    }
  }
  return out;
}

ensureBuild();
const env = await startTargets({});
try {
  const target = env.darkroom;
  const c = Number(values.concurrency);
  const format = values.format === "b64_json" ? "b64_json" : "url";
  await load({ url: target.url, body: target.body(format), connections: c, perConnection: 2 });
  const before = threadTicks(target.pid);
  const result = await load({ url: target.url, body: target.body(format), connections: c, perConnection: Math.ceil(Number(values.requests) / c) });
  await new Promise((r) => setTimeout(r, 1500));
  const after = threadTicks(target.pid);
  const rows = [...after].map(([name, ticks]) => [name, ((ticks - (before.get(name) ?? 0)) * 10) / result.requests] as const).filter(([, v]) => v > 0.05).sort((a, b) => b[1] - a[1]);
  console.log(`Darkroom, c=${c} ${format}, ${result.requests} requests, ${result.rps.toFixed(1)} req/s: CPU ms per request by thread`);
  for (const [name, v] of rows) console.log(`  ${name.padEnd(22)} ${v.toFixed(1)}`);
  console.log(`  ${"total".padEnd(22)} ${rows.reduce((a, [, v]) => a + v, 0).toFixed(1)}`);
} finally {
  await env.stop();
}

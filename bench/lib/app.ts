import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startApp } from "../../tests/helpers/app";

/** The bench's own build, so it never races another worktree's or the lead's `.next`. */
export const DIST_DIR = process.env.DARKROOM_DIST_DIR || ".next-bench";

const SOURCE_DIRS = ["app", "lib", "components", "instrumentation.ts", "next.config.mjs", "package.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/**
 * Builds the app into DIST_DIR when there is no build there or a source file is newer than it, so the
 * figures are always those of the code in the checkout.
 */
export function ensureBuild(force = false): { built: boolean; seconds: number } {
  const buildId = path.join(DIST_DIR, "BUILD_ID");
  const stale = !existsSync(buildId) || SOURCE_DIRS.some((entry) => newestMtime(entry) > statSync(buildId).mtimeMs);
  if (!force && !stale) return { built: false, seconds: 0 };
  console.log(`Building the app into ${DIST_DIR} (${force ? "--build" : existsSync(buildId) ? "sources changed" : "no build yet"})…`);
  const started = performance.now();
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  // next build adds `<distDir>/types/**/*.ts` to tsconfig.json's include for a non-default distDir: the
  // bench's build must not leave that edit in the checkout.
  const tsconfig = existsSync("tsconfig.json") ? readFileSync("tsconfig.json", "utf8") : undefined;
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    env: { ...process.env, DARKROOM_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (tsconfig !== undefined && readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  return { built: true, seconds: (performance.now() - started) / 1000 };
}

export interface BenchApp {
  url: string;
  pid: number;
  dataDir: string;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * `next start` of the bench build, started as the tests start it (tests/helpers/app.ts: a fresh data dir
 * with embedded PGlite, a free port, only the given environment), quiet unless something goes wrong.
 * `nodeArgs` go to the app's Node (e.g. `--cpu-prof`).
 */
export async function startBenchApp(extraEnv: Record<string, string>, nodeArgs: string[] = []): Promise<BenchApp> {
  const app = await startApp({ DARKROOM_DIST_DIR: DIST_DIR, ...extraEnv }, { nodeArgs });
  return { url: app.url, pid: app.pid()!, dataDir: app.dataDir, logs: app.logs, stop: app.dispose };
}

/** Resident memory (bytes) of a process and its descendants, from /proc (Linux); undefined elsewhere. */
export function treeRss(pid: number): number | undefined {
  if (!existsSync("/proc/self/status")) return undefined;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const queue = [pid];
  while (queue.length) {
    const current = queue.pop()!;
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${current}/status`, "utf8"));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      continue;
    }
    queue.push(...(children.get(current) ?? []));
  }
  return total;
}

/** Samples treeRss every `everyMs` until stopped; returns the peak. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number } {
  let peak = treeRss(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(pid) ?? 0)), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRss(pid) ?? 0);
    },
  };
}

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface BenchApp {
  url: string;
  pid: number;
  dataDir: string;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * `next start` of the bench build as a child process (as tests/helpers/app.ts does), on a fresh data dir
 * (embedded PGlite) and a free port, with only the given environment: no provider key of the caller leaks in.
 * `nodeArgs` go to the app's Node (e.g. `--cpu-prof`).
 */
export async function startBenchApp(extraEnv: Record<string, string>, nodeArgs: string[] = []): Promise<BenchApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "darkroom-bench-"));
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    HOST: "127.0.0.1",
    PORT: String(port),
    DARKROOM_DATA_DIR: dataDir,
    DARKROOM_DIST_DIR: DIST_DIR,
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const url = `http://127.0.0.1:${port}`;
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (output = (output + d).slice(-20_000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    pid: child.pid!,
    dataDir,
    logs: () => output,
    stop: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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

import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Linux clock ticks per second (USER_HZ): 100 on every mainstream kernel. */
const TICKS = 100;

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  const idle = fields[3]! + fields[4]!;
  return { busy: total - idle, total };
}

function treeTicks(pid: number): number {
  const children = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      own.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const queue = [pid];
  while (queue.length) {
    const current = queue.pop()!;
    total += own.get(current) ?? 0;
    queue.push(...(children.get(current) ?? []));
  }
  return total;
}

export interface CpuShare {
  seconds: number;
  /** Cores used on average by the app under test (its process tree). */
  app: number;
  /** By this benchmark process (load generator, fake upstream). */
  bench: number;
  /** By everything else on the machine: noise in the figures. */
  other: number;
}

/** Measures where the machine's CPU went between start and stop (Linux; zeros elsewhere). */
export function cpuWindow(appPid?: number): { stop(): CpuShare } {
  if (!existsSync("/proc/stat")) return { stop: () => ({ seconds: 0, app: 0, bench: 0, other: 0 }) };
  const started = performance.now();
  const machine = machineTicks();
  const app = appPid ? treeTicks(appPid) : 0;
  const bench = process.cpuUsage();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const machineNow = machineTicks();
      const appCores = appPid ? (treeTicks(appPid) - app) / TICKS / seconds : 0;
      const benchUsage = process.cpuUsage(bench);
      const benchCores = (benchUsage.user + benchUsage.system) / 1e6 / seconds;
      const busyCores = (machineNow.busy - machine.busy) / TICKS / seconds;
      return { seconds, app: appCores, bench: benchCores, other: Math.max(0, busyCores - appCores - benchCores) };
    },
  };
}

/**
 * Waits until the app has been quiet (below `quietCores` over `windowMs`): the work it defers past its
 * answers (thumbnails) must not run on the clock of the next measurement. Returns how long that took and
 * the CPU time the app spent meanwhile.
 */
export async function waitUntilIdle(pid: number, options: { quietCores?: number; windowMs?: number; timeoutMs?: number } = {}): Promise<{ seconds: number; cpuSeconds: number }> {
  const { quietCores = 0.05, windowMs = 700, timeoutMs = 180_000 } = options;
  if (!existsSync("/proc/stat")) return { seconds: 0, cpuSeconds: 0 };
  const started = performance.now();
  const first = treeTicks(pid);
  let last = first;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const now = treeTicks(pid);
    const cores = (now - last) / TICKS / (windowMs / 1000);
    last = now;
    if (cores < quietCores || performance.now() - started > timeoutMs) break;
  }
  // The last (quiet) window is not part of the deferred work.
  return { seconds: Math.max(0, (performance.now() - started - windowMs) / 1000), cpuSeconds: (last - first) / TICKS };
}

import { readFileSync } from "node:fs";

/** The part of V8's .cpuprofile format the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled non-idle time in the window (ms). */
  busyMs: number;
  byPackage: [string, number][];
  byFunction: [string, number][];
}

/** Where a frame's code comes from: an npm package, Node itself, the app's own bundle, WebAssembly or native. */
function packageOf(frame: CpuProfile["nodes"][number]["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) return `(native ${functionName})`;
  if (url.startsWith("wasm://")) return "(WebAssembly: PGlite's Postgres)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith("node:")) return "(Node.js core)";
  if (url.includes("/server/chunks/")) return "(Darkroom's own code, bundled)";
  return url;
}

const top = (map: Map<string, number>, n: number): [string, number][] => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

/**
 * Self time of a profile's samples taken between `fromUs` and `toUs` (the monotonic clock V8 stamps samples
 * with, which is process.hrtime's), by package and by function; idle time is left out.
 */
export function summarizeProfile(file: string, fromUs: number, toUs: number, topN = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let at = profile.startTime;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const frame = frames.get(id)!;
    if (at < fromUs || at > toUs || frame.functionName === "(idle)") return;
    busy += delta;
    const pkg = packageOf(frame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
    const name = `${frame.functionName || "(anonymous)"}  ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const ms = ([name, us]: [string, number]): [string, number] => [name, us / 1000];
  return { busyMs: busy / 1000, byPackage: top(byPackage, topN).map(ms), byFunction: top(byFunction, topN).map(ms) };
}

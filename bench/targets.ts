// The targets of the performance issue, checked against one run of `npm run bench`: every figure is a
// ratio to the floor (or Portkey) measured in the same interleaved rounds, or a memory bound.
import type { MemoryReport } from "./memory";
import { find, type Format, type Row } from "./side-by-side";

export interface Verdict {
  target: string;
  value: string;
  limit: string;
  pass: boolean;
}

export interface Extras {
  memory?: MemoryReport;
  nEmulation: { responseFormat: Format; ratio: number; n1Ms: number; n4Ms: number }[];
  breakerOpenings: Record<string, number>;
}

const FORMATS: Format[] = ["url", "b64_json"];
const x = (n: number) => `${n.toFixed(2)}×`;
const MB = 1024 * 1024;
const total = (r: Row) => r.cpuMs + r.deferredMs;

function ratioVerdict(target: string, value: number, limit: { max?: number; min?: number }): Verdict {
  const pass = Number.isFinite(value) && (limit.max === undefined || value <= limit.max) && (limit.min === undefined || value >= limit.min);
  return { target, value: x(value), limit: limit.max !== undefined ? `≤ ${limit.max}×` : `≥ ${limit.min}×`, pass };
}

function gatewayVerdicts(rows: Row[], gateway: string, label: string): Verdict[] {
  const out: Verdict[] = [];
  const pairs = (levels: number[]) => levels.flatMap((c) => FORMATS.map((f) => [c, f] as const)).flatMap(([c, f]) => {
    const g = find(rows, gateway, c, f);
    const floor = find(rows, "floor", c, f);
    return g && floor ? [{ c, f, g, floor }] : [];
  });
  for (const { c, f, g, floor } of pairs([1, 16])) {
    out.push(ratioVerdict(`${label} in-request CPU ×floor, c=${c} ${f}`, g.cpuMs / floor.cpuMs, { max: 1.3 }));
    out.push(ratioVerdict(`${label} total CPU (with deferred) ×floor, c=${c} ${f}`, total(g) / total(floor), { max: 2 }));
  }
  for (const { c, f, g, floor } of pairs([16, 64])) out.push(ratioVerdict(`${label} throughput ×floor, c=${c} ${f}`, g.rps / floor.rps, { min: 0.95 }));
  for (const { f, g, floor } of pairs([1])) out.push(ratioVerdict(`${label} p50 ×floor, c=1 ${f}`, g.p50 / floor.p50, { max: 1.05 }));
  const errors = rows.filter((r) => r.gateway === gateway).reduce((a, r) => a + r.errors, 0);
  out.push({ target: `${label} errors`, value: String(errors), limit: "0", pass: errors === 0 });
  for (const r of rows.filter((row) => row.gateway === gateway)) {
    const p = find(rows, "portkey", r.c, r.format);
    if (!p) continue;
    const ahead = r.rps > p.rps && r.p50 < p.p50 && r.p99 < p.p99 && total(r) < total(p);
    out.push({
      target: `${label} ahead of Portkey, c=${r.c} ${r.format} (req/s, p50, p99, CPU)`,
      value: `${x(r.rps / p.rps)} req/s, ${x(r.p50 / p.p50)} p50, ${x(r.p99 / p.p99)} p99, ${x(total(r) / total(p))} CPU`,
      limit: "> 1× req/s, < 1× the rest",
      pass: ahead,
    });
  }
  return out;
}

/** Every target with its value and PASS or MISS. */
export function verdicts(rows: Row[], extras: Extras): Verdict[] {
  const out = [...gatewayVerdicts(rows, "darkroom", "Darkroom (PGlite)"), ...gatewayVerdicts(rows, "darkroom-pg", "Darkroom (PostgreSQL)")];
  for (const [name, count] of Object.entries(extras.breakerOpenings)) out.push({ target: `circuit-breaker openings during the run (${name})`, value: String(count), limit: "0", pass: count === 0 });
  const m = extras.memory;
  if (m) {
    const mb = (b: number) => `${Math.round(b / MB)} MB`;
    out.push({ target: "RSS idle after start", value: mb(m.idleAfterStartBytes), limit: "≤ 400 MB", pass: m.idleAfterStartBytes <= 400 * MB });
    out.push({ target: "RSS idle after load", value: mb(m.idleAfterLoadBytes), limit: "≤ 400 MB", pass: m.idleAfterLoadBytes <= 400 * MB });
    out.push({ target: "RSS peak under c=64", value: mb(m.peakUnderC64Bytes), limit: "≤ 1024 MB", pass: m.peakUnderC64Bytes <= 1024 * MB });
    // "No growth": the last of the repeated runs within 5% (or 32 MB) of the first.
    const allowed = Math.max(32 * MB, 0.05 * (m.afterRepeatsBytes[0] ?? 0));
    out.push({ target: `RSS growth over ${m.afterRepeatsBytes.length} repeated c=64 runs (${m.afterRepeatsBytes.map(mb).join(", ")})`, value: mb(m.growthBytes), limit: `≤ ${mb(allowed)}`, pass: m.growthBytes <= allowed });
  }
  for (const n of extras.nEmulation) out.push(ratioVerdict(`n=4 emulation ×single image, ${n.responseFormat}`, n.ratio, { max: 1.2 }));
  return out;
}

import { createRequire } from "node:module";

// autocannon ships no types; this is the part of its API the benchmarks use.
interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
}
interface AutocannonResult {
  latency: Histogram;
  requests: Histogram;
  throughput: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
}
interface AutocannonOptions {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration?: number;
  amount?: number;
  pipelining: 1;
  timeout: number;
}
type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => { on(event: "response", listener: (client: unknown, statusCode: number) => void): void };

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  /** Completed 2xx requests per second. */
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  errors: number;
  non2xx: number;
  /** Response bytes per second. */
  bytesPerSec: number;
}

/**
 * One closed-loop autocannon run: `connections` clients, each sending its next request when the last
 * answered, `perConnection` requests each. A run bounded by a request count rather than a duration never
 * hangs up on requests in flight: a gateway sees those as cancelled generations, and they would leak into
 * the next run (and count against the provider's health in Darkroom's circuit breaker).
 */
export async function load(options: { url: string; body: unknown; connections: number; perConnection: number; headers?: Record<string, string> }): Promise<LoadResult> {
  // autocannon ends a run bounded by a request count at its next 1-second tick and reports that duration:
  // throughput is computed here from the first request to the last answer instead.
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: JSON.stringify(options.body),
        connections: options.connections,
        amount: options.connections * Math.max(1, Math.round(options.perConnection)),
        pipelining: 1,
        timeout: 60,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", () => (lastAnswer = performance.now()));
  });
  const seconds = (lastAnswer - started) / 1000;
  return {
    connections: options.connections,
    seconds,
    requests: result["2xx"],
    rps: result["2xx"] / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerSec: result.throughput.average,
  };
}

/** Requests per connection for a run of about `seconds`, given the mean latency of an earlier run. */
export const perConnectionFor = (seconds: number, meanLatencyMs: number) => Math.max(2, Math.round((seconds * 1000) / Math.max(1, meanLatencyMs)));

/** Median and p95 of `runs` sequential calls after `warmup` discarded ones. */
export async function timeSequential(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<{ median: number; p95: number; all: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!, all: times };
}

import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

interface Metrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  generationDuration: Histogram<"model" | "provider" | "status">;
  attempts: Counter<"provider" | "outcome" | "error_kind">;
  costUsd: Counter<"model" | "provider">;
  imagesStored: Gauge;
  breakerOpen: Gauge<"provider" | "endpoint">;
  breakerOpenings: Counter<"endpoint">;
}

const holder = globalThis as unknown as { darkroomMetrics?: Metrics };

// Next can load this module once per route bundle; one registry per process keeps every count in one place.
export function metrics(): Metrics {
  holder.darkroomMetrics ??= createMetrics();
  return holder.darkroomMetrics;
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "darkroom_process_" });
  const seconds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320];
  return {
    registry,
    httpRequests: new Counter({ name: "darkroom_http_requests_total", help: "API requests by route, method and status", labelNames: ["route", "method", "status"], registers: [registry] }),
    httpDuration: new Histogram({ name: "darkroom_http_request_duration_seconds", help: "API request duration", labelNames: ["route", "method"], buckets: seconds, registers: [registry] }),
    generationDuration: new Histogram({ name: "darkroom_generation_duration_seconds", help: "Generation latency by model, provider and outcome", labelNames: ["model", "provider", "status"], buckets: seconds, registers: [registry] }),
    attempts: new Counter({ name: "darkroom_provider_attempts_total", help: "Provider attempts by outcome and error kind", labelNames: ["provider", "outcome", "error_kind"], registers: [registry] }),
    costUsd: new Counter({ name: "darkroom_cost_usd_total", help: "Provider cost in USD by model and provider", labelNames: ["model", "provider"], registers: [registry] }),
    imagesStored: new Gauge({ name: "darkroom_images_stored", help: "Images in the gallery (read from the database at scrape time)", registers: [registry] }),
    breakerOpen: new Gauge({ name: "darkroom_circuit_open", help: "1 while a provider endpoint's circuit is open", labelNames: ["provider", "endpoint"], registers: [registry] }),
    breakerOpenings: new Counter({ name: "darkroom_circuit_openings_total", help: "Circuit breaker openings per provider endpoint since start", labelNames: ["endpoint"], registers: [registry] }),
  };
}

/** Route label: the path with ids folded, so label cardinality stays bounded. */
export function routeLabel(pathname: string): string {
  return pathname
    .replace(/^\/openai(?=\/v1\/)/, "")
    .split("/")
    .map((part) => (/^(gen_|img_|cmp_|bat_)|^[0-9a-f]{16,}/.test(part) ? ":id" : part))
    .slice(0, 5)
    .join("/");
}

export function recordHttpRequest(req: Request, status: number, durationMs: number): void {
  const m = metrics();
  const route = routeLabel(new URL(req.url).pathname);
  m.httpRequests.inc({ route, method: req.method, status: String(status) });
  m.httpDuration.observe({ route, method: req.method }, durationMs / 1000);
}

export interface GenerationMetric {
  model: string;
  provider: string | null;
  status: string;
  latencyMs: number;
  costUsd: number;
  attempts: { provider: string; status: string; errorKind?: string | null }[];
}

export function recordGeneration(g: GenerationMetric): void {
  const m = metrics();
  const provider = g.provider ?? "none";
  m.generationDuration.observe({ model: g.model, provider, status: g.status }, g.latencyMs / 1000);
  if (g.costUsd > 0) m.costUsd.inc({ model: g.model, provider }, g.costUsd);
  for (const a of g.attempts) m.attempts.inc({ provider: a.provider, outcome: a.status, error_kind: a.errorKind ?? "none" });
}

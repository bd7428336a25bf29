import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";
import { listRequests, summarizeRequests, usageAggregates } from "@/lib/db/usage";
import { requestsRoute, usageRoute } from "@/lib/api/routes/usage";
import { metricsRoute } from "@/lib/api/routes/metrics";
import { recordGeneration } from "@/lib/metrics/registry";
import { resetEnvForTests } from "@/lib/config/env";

let pg: PGlite;
let prisma: PrismaClient;
let counter = 0;

type Status = "succeeded" | "failed" | "partial";

async function add(day: string, model: string, provider: string, status: Status, costUsd: number, latencyMs: number, images: number, errorCode?: string) {
  counter += 1;
  const id = `gen_${String(counter).padStart(26, "0")}`;
  await prisma.generation.create({
    data: {
      id, createdAt: new Date(`${day}T12:00:00Z`), status, source: "api", model, provider, prompt: "p", seed: 1n, n: images || 1,
      request: {}, normalized: {}, ledger: [], costUsd, latencyMs, errorCode,
      images: { create: Array.from({ length: images }, (_, i) => ({ id: `img_${counter}_${i}`, index: i, seed: 1n, width: 8, height: 8, format: "png", bytes: 1, storageKey: `k${counter}${i}.png`, thumbWidth: 8, thumbHeight: 8 })) },
      attempts: { create: [{ id: `att_${counter}`, provider, providerModelId: model, status: status === "failed" ? "failed" : "succeeded", latencyMs, costUsd, images }] },
    },
  });
  return id;
}

const call = (route: (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>, url: string) =>
  route(new Request(`http://127.0.0.1${url}`), { params: Promise.resolve({}) });

beforeAll(async () => {
  pg = new PGlite();
  await applyMigrations(pg);
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  (globalThis as unknown as { darkroomDb?: Promise<PrismaClient> }).darkroomDb = Promise.resolve(prisma);
  // Day 1: flux on fal (2 ok), imagen on vertex (1 ok, 1 content policy); day 2: flux on replicate (1 partial).
  await add("2026-11-01", "flux-dev", "fal", "succeeded", 0.025, 1000, 1);
  await add("2026-11-01", "flux-dev", "fal", "succeeded", 0.05, 3000, 2);
  await add("2026-11-01", "imagen-4", "vertex", "succeeded", 0.04, 2000, 1);
  await add("2026-11-01", "imagen-4", "vertex", "failed", 0, 500, 0, "content_policy_violation");
  await add("2026-11-02", "flux-dev", "replicate", "partial", 0.03, 4000, 1);
});

afterAll(async () => {
  await prisma.$disconnect();
  await pg.close();
});

const range = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-03T00:00:00Z") };

describe("usage aggregates", () => {
  it("sums cost, images and outcomes per day and model, with latency percentiles", async () => {
    const rows = await usageAggregates(range, "day", "model");
    expect(rows.map((r) => [r.bucket.toISOString().slice(0, 10), r.group, r.generations, r.images, r.succeeded, r.partial, r.failed, r.contentPolicy])).toEqual([
      ["2026-11-01", "flux-dev", 2, 3, 2, 0, 0, 0],
      ["2026-11-01", "imagen-4", 2, 1, 1, 0, 0, 1],
      ["2026-11-02", "flux-dev", 1, 1, 0, 1, 0, 0],
    ]);
    expect(rows[0]!.costUsd).toBeCloseTo(0.075, 9);
    expect(rows[0]!.p50LatencyMs).toBe(2000);
    expect(rows[0]!.p95LatencyMs).toBe(2900);
  });

  it("groups by provider over a month bucket and filters by model", async () => {
    const rows = await usageAggregates({ ...range, model: "flux-dev" }, "month", "provider");
    expect(rows.map((r) => [r.group, r.generations, Number(r.costUsd.toFixed(6))])).toEqual([["fal", 2, 0.075], ["replicate", 1, 0.03]]);
  });

  it("pages requests newest first with a cursor and summarizes them", async () => {
    const first = await listRequests({}, 2);
    expect(first?.rows.map((r) => r.id)).toEqual(["gen_00000000000000000000000005", "gen_00000000000000000000000004"]);
    expect(first?.hasMore).toBe(true);
    const next = await listRequests({}, 10, first!.rows[1]!.id);
    expect(next?.rows.map((r) => r.id)).toEqual(["gen_00000000000000000000000003", "gen_00000000000000000000000002", "gen_00000000000000000000000001"]);
    expect(await listRequests({}, 2, "gen_missing")).toBeUndefined();
    const summary = await summarizeRequests({ provider: "vertex" });
    expect(summary).toMatchObject({ requests: 2, byStatus: { succeeded: 1, failed: 1 } });
    expect(summary.costUsd).toBeCloseTo(0.04, 9);
  });
});

describe("usage API", () => {
  it("GET /v1/usage answers the list shape", async () => {
    const res = await call(usageRoute, "/v1/usage?from=2026-11-01&to=2026-11-03&bucket=day&group_by=provider");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.object).toBe("list");
    expect(body.data[0]).toMatchObject({ object: "usage.bucket", start_time: "2026-11-01T00:00:00.000Z", group: "fal", generations: 2, images: 3, cost_usd: 0.075, latency_ms: { p50: 2000 } });
  });

  it("refuses a bad bucket, a reversed range and a bad cursor with OpenAI-shaped 400s", async () => {
    for (const url of ["/v1/usage?bucket=year", "/v1/usage?from=2026-11-03&to=2026-11-01", "/v1/requests?starting_after=gen_nope", "/v1/requests?limit=101"]) {
      const res = await call(url.startsWith("/v1/usage") ? usageRoute : requestsRoute, url);
      expect(res.status, url).toBe(400);
      const body = await res.json();
      expect(body.error).toMatchObject({ type: "invalid_request_error" });
    }
  });

  it("GET /v1/requests lists, summarizes and exports CSV", async () => {
    const list = await (await call(requestsRoute, "/v1/requests?limit=1&status=partial")).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ model: "flux-dev", provider: "replicate", status: "partial", images: 1, attempts: [{ provider: "replicate", outcome: "succeeded" }] });
    const summary = await (await call(requestsRoute, "/v1/requests?summary=true&model=flux-dev")).json();
    expect(summary).toMatchObject({ object: "requests.summary", requests: 3 });
    const csv = await call(requestsRoute, "/v1/requests?format=csv&model=imagen-4");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,created_at,status,source,model,provider,simulated,images,error_code,duration_ms,cost_usd,attempts");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("content_policy_violation");
  });
});

describe("/metrics", () => {
  it("serves the Prometheus text format on a loopback bind, with recorded generations", async () => {
    recordGeneration({ model: "flux-dev", provider: "fal", status: "succeeded", latencyMs: 1200, costUsd: 0.025, attempts: [{ provider: "fal", status: "succeeded" }] });
    const res = await call(metricsRoute, "/metrics");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('darkroom_cost_usd_total{model="flux-dev",provider="fal"} 0.025');
    expect(text).toContain('darkroom_provider_attempts_total{provider="fal",outcome="succeeded",error_kind="none"} 1');
    expect(text).toMatch(/darkroom_images_stored 5/);
    expect(text).toContain("darkroom_generation_duration_seconds_bucket");
  });

  it("needs DARKROOM_METRICS_TOKEN when bound beyond loopback", async () => {
    process.env.HOST = "0.0.0.0";
    resetEnvForTests();
    expect((await call(metricsRoute, "/metrics")).status).toBe(403);
    process.env.DARKROOM_METRICS_TOKEN = "s3cret-token";
    resetEnvForTests();
    expect((await call(metricsRoute, "/metrics")).status).toBe(401);
    const ok = await metricsRoute(new Request("http://h/metrics", { headers: { authorization: "Bearer s3cret-token" } }), { params: Promise.resolve({}) });
    expect(ok.status).toBe(200);
    delete process.env.HOST;
    delete process.env.DARKROOM_METRICS_TOKEN;
    resetEnvForTests();
  });
});

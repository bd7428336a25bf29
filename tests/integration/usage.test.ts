import { describe, expect, it } from "vitest";
import { useInProcessApp } from "../helpers/in-process";
import { requestsRoute, usageRoute } from "@/lib/api/routes/usage";
import * as metricsApp from "@/app/metrics/route";
import { recordBreakerOpening } from "@/lib/metrics/breaker-events";
import { metrics, recordGeneration } from "@/lib/metrics/registry";
import { resetEnvForTests } from "@/lib/config/env";
import { createKey } from "@/lib/services/api-keys";
import { usageQuerySchema } from "@/lib/services/usage";
import { usageDashboard } from "@/lib/services/usage-dashboard";

// A known dataset in an in-process app with accounts on: an admin, two members (Ann, Bob) with a key each.
const prisma = useInProcessApp({ HOST: "127.0.0.1" });

interface Seed {
  day: string;
  model: string;
  provider: string | null;
  status: "succeeded" | "failed" | "partial" | "cancelled";
  cost: number;
  ceiling: number;
  latency: number;
  images: number;
  n?: number;
  user: string;
  key?: "ann" | "bob";
  source?: string;
  errorCode?: string;
  attempts: [status: string, errorKind?: string][];
}

// Saved: g1 0.025, g2 0.05, g3 0, g4 (failed) 0, g5 partial 2 of 4 images: 0.12 * 2/4 - 0.03 = 0.03, g6 0.
const SEEDS: Seed[] = [
  { day: "2026-11-01", model: "flux-dev", provider: "fal", status: "succeeded", cost: 0.025, ceiling: 0.05, latency: 1000, images: 1, user: "u_ann", key: "ann", attempts: [["succeeded"]] },
  { day: "2026-11-01", model: "flux-dev", provider: "fal", status: "succeeded", cost: 0.05, ceiling: 0.1, latency: 3000, images: 2, n: 2, user: "u_ann", key: "ann", attempts: [["failed", "upstream"], ["succeeded"]] },
  { day: "2026-11-01", model: "imagen-4", provider: "vertex", status: "succeeded", cost: 0.04, ceiling: 0.04, latency: 2000, images: 1, user: "u_bob", key: "bob", attempts: [["succeeded"]] },
  { day: "2026-11-01", model: "imagen-4", provider: null, status: "failed", cost: 0, ceiling: 0.04, latency: 500, images: 0, user: "u_bob", key: "bob", errorCode: "content_policy_violation", attempts: [["failed", "content_policy"]] },
  { day: "2026-11-02", model: "flux-dev", provider: "replicate", status: "partial", cost: 0.03, ceiling: 0.12, latency: 4000, images: 2, n: 4, user: "u_ann", source: "playground", attempts: [["succeeded"]] },
  { day: "2026-11-09", model: "flux-dev", provider: null, status: "cancelled", cost: 0, ceiling: 0.05, latency: 100, images: 0, user: "u_admin", source: "playground", errorCode: "cancelled", attempts: [["cancelled", "cancelled"]] },
];

const keys: Record<string, { key: string; id: string }> = {};
const ids: string[] = [];

async function seed() {
  const db = prisma();
  await db.authUser.createMany({
    data: [
      { id: "u_admin", name: "Admin", email: "admin@example.com", role: "admin" },
      { id: "u_ann", name: "Ann", email: "ann@example.com", role: "member" },
      { id: "u_bob", name: "Bob", email: "bob@example.com", role: "member" },
    ],
  });
  for (const [who, userId] of [["ann", "u_ann"], ["bob", "u_bob"], ["admin", "u_admin"]] as const) {
    const { key, row } = await createKey({ name: `${who} key`, userId });
    keys[who] = { key, id: row.id };
  }
  for (const [i, s] of SEEDS.entries()) {
    const id = `gen_${String(i + 1).padStart(26, "0")}`;
    ids.push(id);
    const provider = s.provider ?? (s.model === "flux-dev" ? "fal" : "vertex");
    await db.generation.create({
      data: {
        id, createdAt: new Date(`${s.day}T12:00:00Z`), status: s.status, source: s.source ?? "api", model: s.model, provider: s.provider,
        prompt: "p", seed: 1n, n: s.n ?? 1, request: {}, normalized: {}, ledger: [], costUsd: s.cost, ceilingCostUsd: s.ceiling,
        latencyMs: s.latency, errorCode: s.errorCode, userId: s.user, apiKeyId: s.key ? keys[s.key]!.id : null,
        images: { create: Array.from({ length: s.images }, (_, j) => ({ id: `img_${i}_${j}`, index: j, seed: 1n, width: 8, height: 8, format: "png", bytes: 1, storageKey: `k${i}${j}.png`, thumbWidth: 8, thumbHeight: 8 })) },
        attempts: {
          create: s.attempts.map(([status, errorKind], j) => ({
            id: `att_${i}_${j}`, provider, providerModelId: s.model, status, errorKind, latencyMs: s.latency, costUsd: status === "succeeded" ? s.cost : 0,
            images: status === "succeeded" ? s.images : 0, startedAt: new Date(`${s.day}T12:00:0${j}Z`),
          })),
        },
      },
    });
  }
  await db.breakerEvent.createMany({
    data: [
      { id: "brk_1", endpoint: "fal/flux-dev", openedAt: new Date("2026-11-01T12:00:05Z") },
      { id: "brk_2", endpoint: "fal/flux-dev", openedAt: new Date("2026-11-02T08:00:00Z") },
      { id: "brk_3", endpoint: "vertex", openedAt: new Date("2026-11-01T13:00:00Z") },
      { id: "brk_4", endpoint: "vertex/imagen-4", openedAt: new Date("2026-10-15T13:00:00Z") },
    ],
  });
}

let seeded: Promise<void> | undefined;
const ready = () => (seeded ??= seed());

type Route = (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;
async function call(route: Route, url: string, as: keyof typeof keys | null = "admin", init: RequestInit = {}) {
  await ready();
  const headers = new Headers(init.headers);
  if (as) headers.set("authorization", `Bearer ${keys[as]!.key}`);
  return route(new Request(`http://127.0.0.1${url}`, { ...init, headers }), { params: Promise.resolve({}) });
}
const json = async (route: Route, url: string, as: keyof typeof keys | null = "admin") => {
  const res = await call(route, url, as);
  expect(res.status, `${url}: ${res.status}`).toBe(200);
  return res.json();
};

const RANGE = "from=2026-11-01T00:00:00Z&to=2026-11-16T00:00:00Z";
const round = (v: number) => Math.round(v * 1e6) / 1e6;

describe("GET /v1/usage on a known dataset", () => {
  it("sums cost, saved, images and outcomes per day and model, with exact latency percentiles", async () => {
    const body = await json(usageRoute, `/v1/usage?${RANGE}&bucket=day&group_by=model`);
    expect(body).toMatchObject({ object: "list", bucket: "day", group_by: "model", from: "2026-11-01T00:00:00.000Z" });
    const rows = body.data.map((r: Record<string, unknown>) => [String(r.start_time).slice(0, 10), r.group, r.generations, r.images, r.cost_usd, r.saved_usd, r.outcomes, r.latency_ms]);
    expect(rows).toEqual([
      ["2026-11-01", "flux-dev", 2, 3, 0.075, 0.075, { succeeded: 2, partial: 0, failed: 0, content_policy: 0, cancelled: 0 }, { p50: 2000, p95: 2900 }],
      ["2026-11-01", "imagen-4", 2, 1, 0.04, 0, { succeeded: 1, partial: 0, failed: 0, content_policy: 1, cancelled: 0 }, { p50: 1250, p95: 1925 }],
      ["2026-11-02", "flux-dev", 1, 2, 0.03, 0.03, { succeeded: 0, partial: 1, failed: 0, content_policy: 0, cancelled: 0 }, { p50: 4000, p95: 4000 }],
      ["2026-11-09", "flux-dev", 1, 0, 0, 0, { succeeded: 0, partial: 0, failed: 0, content_policy: 0, cancelled: 1 }, { p50: 100, p95: 100 }],
    ]);
  });

  it("groups by API key and by user, naming them", async () => {
    const byKey = await json(usageRoute, `/v1/usage?${RANGE}&bucket=month&group_by=key`);
    expect(byKey.data.map((r: Record<string, unknown>) => [r.group, r.group_label, r.generations, r.cost_usd, r.saved_usd])).toEqual(
      [
        [keys.ann!.id, expect.stringMatching(/^ann key \(dk_.{8}…\)$/), 2, 0.075, 0.075],
        [keys.bob!.id, expect.stringMatching(/^bob key/), 2, 0.04, 0],
        ["none", "no key", 2, 0.03, 0.03],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const byUser = await json(usageRoute, `/v1/usage?${RANGE}&bucket=month&group_by=user`);
    expect(byUser.data.map((r: Record<string, unknown>) => [r.group, r.group_label, r.generations, r.images, r.cost_usd])).toEqual([
      ["u_admin", "admin@example.com", 1, 0, 0],
      ["u_ann", "ann@example.com", 3, 5, 0.105],
      ["u_bob", "bob@example.com", 2, 1, 0.04],
    ]);
  });

  it("filters by model, provider, key, source and user, and buckets by week", async () => {
    const sum = (body: { data: { generations: number }[] }) => body.data.reduce((t, r) => t + r.generations, 0);
    expect(sum(await json(usageRoute, `/v1/usage?${RANGE}&model=imagen-4`))).toBe(2);
    expect(sum(await json(usageRoute, `/v1/usage?${RANGE}&provider=fal`))).toBe(2);
    expect(sum(await json(usageRoute, `/v1/usage?${RANGE}&key=${keys.bob!.id}`))).toBe(2);
    expect(sum(await json(usageRoute, `/v1/usage?${RANGE}&key=none`))).toBe(2);
    expect(sum(await json(usageRoute, `/v1/usage?${RANGE}&source=playground`))).toBe(2);
    expect(sum(await json(usageRoute, `/v1/usage?${RANGE}&user=u_ann`))).toBe(3);
    const weeks = await json(usageRoute, `/v1/usage?${RANGE}&bucket=week&group_by=provider`);
    // 2026-11-01 is a Sunday: ISO weeks start on the Monday before it.
    expect(weeks.data.map((r: Record<string, unknown>) => [String(r.start_time).slice(0, 10), r.group, r.generations])).toEqual([
      ["2026-10-26", "fal", 2], ["2026-10-26", "none", 1], ["2026-10-26", "vertex", 1],
      ["2026-11-02", "replicate", 1], ["2026-11-09", "none", 1],
    ]);
  });

  it("members see only their own usage, whatever user they ask for", async () => {
    const mine = await json(usageRoute, `/v1/usage?${RANGE}&bucket=month&group_by=user`, "ann");
    expect(mine.data.map((r: Record<string, unknown>) => [r.group, r.generations, r.cost_usd, r.saved_usd])).toEqual([["u_ann", 3, 0.105, 0.105]]);
    const widened = await json(usageRoute, `/v1/usage?${RANGE}&bucket=month&group_by=user&user=u_bob`, "ann");
    expect(widened.data.map((r: Record<string, unknown>) => r.group)).toEqual(["u_ann"]);
    const noAuth = await call(usageRoute, `/v1/usage?${RANGE}`, null);
    expect(noAuth.status).toBe(401);
  });

  it("refuses a bad bucket, group, reversed range and bad cursor with OpenAI-shaped 400s", async () => {
    for (const url of ["/v1/usage?bucket=year", "/v1/usage?group_by=team", "/v1/usage?from=2026-11-03&to=2026-11-01", "/v1/requests?starting_after=gen_nope", "/v1/requests?limit=101"]) {
      const res = await call(url.startsWith("/v1/usage") ? usageRoute : requestsRoute, url);
      expect(res.status, url).toBe(400);
      expect((await res.json()).error).toMatchObject({ type: "invalid_request_error" });
    }
  });
});

describe("the daily rollup", () => {
  it("rolls settled days up once, agrees with the generations themselves, and reads today live", async () => {
    await ready();
    await json(usageRoute, `/v1/usage?${RANGE}`);
    const days = await prisma().$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM "UsageDay" WHERE "day" >= '2026-11-01' AND "day" < '2026-11-16'`;
    expect(days[0]!.n).toBe(15);
    // A filter reads the generations (the rollup holds whole-gateway figures): the same sums either way.
    const rolled = await json(usageRoute, `/v1/usage?${RANGE}&bucket=month&group_by=provider`);
    const live = await json(usageRoute, `/v1/usage?${RANGE}&bucket=month&group_by=provider&user=u_ann`);
    const annFal = live.data.find((r: { group: string }) => r.group === "fal");
    expect(rolled.data.find((r: { group: string }) => r.group === "fal")).toMatchObject({ generations: 2, images: 3, cost_usd: 0.075, latency_ms: annFal.latency_ms });
    const now = new Date();
    await prisma().generation.create({
      data: { id: "gen_today000000000000000000000", createdAt: now, status: "succeeded", source: "api", model: "flux-dev", provider: "fal", prompt: "p", seed: 1n, n: 1, request: {}, normalized: {}, ledger: [], costUsd: 0.5, latencyMs: 700 },
    });
    const today = await json(usageRoute, `/v1/usage?from=${new Date(now.getTime() - 3 * 86_400_000).toISOString()}&bucket=day`);
    expect(today.data).toEqual([expect.objectContaining({ group: "flux-dev", generations: 1, cost_usd: 0.5, latency_ms: { p50: 700, p95: 700 } })]);
    await prisma().generation.delete({ where: { id: "gen_today000000000000000000000" } });
  });

  it("adds up a bucket the live first day and the rolled-up days share, with percentiles exact over both", async () => {
    // From 06:00 on 2026-11-01: that day is read live, the rest of November from the rollup.
    const body = await json(usageRoute, "/v1/usage?from=2026-11-01T06:00:00Z&to=2026-11-16T00:00:00Z&bucket=month&group_by=model");
    const flux = body.data.find((r: { group: string }) => r.group === "flux-dev");
    // Latencies 1000 and 3000 (live), 4000 and 100 (rolled up): percentile_cont over all four.
    expect(flux).toMatchObject({ generations: 4, images: 5, cost_usd: 0.105, saved_usd: 0.105, latency_ms: { p50: 2000 } });
    expect(flux.latency_ms.p95).toBeCloseTo(3850, 9);
  });
});

describe("the usage page's data", () => {
  it("counts breaker openings per endpoint over the range (its own and its provider's) and totals what routing saved", async () => {
    await ready();
    const query = usageQuerySchema.parse({ from: "2026-11-01T00:00:00Z", to: "2026-11-16T00:00:00Z", group_by: "provider" });
    const dashboard = await usageDashboard(query, { kind: "local" });
    expect(round(dashboard.totals.savedUsd)).toBe(0.105);
    expect(round(dashboard.totals.costUsd)).toBe(0.145);
    expect(dashboard.outcomes).toEqual({ succeeded: 3, partial: 1, failed: 0, contentPolicy: 1, cancelled: 1 });
    const endpoints = Object.fromEntries(dashboard.endpoints.map((e) => [`${e.provider}/${e.providerModelId}`, e]));
    expect(endpoints["fal/flux-dev"]).toMatchObject({ attempts: 4, openings: 2, state: "closed", p50LatencyMs: 2000 });
    expect(endpoints["fal/flux-dev"]!.successRate).toBeCloseTo(2 / 4, 9);
    expect(endpoints["vertex/imagen-4"]).toMatchObject({ attempts: 2, openings: 1, successRate: 0.5, contentPolicyRate: 0.5 });
  });
});

describe("breaker openings", () => {
  it("are recorded once per opening, even when the startup replay opens the same circuit again", async () => {
    await ready();
    const opening = { key: "fal/flux-pro", from: "closed" as const, to: "open" as const, reason: "5 of its last 5 calls failed", openUntil: new Date("2026-11-03T10:00:30Z") };
    const counted = async () => (await metrics().breakerOpenings.get()).values.find((v) => v.labels.endpoint === "fal/flux-pro")?.value ?? 0;
    recordBreakerOpening(opening, 30_000);
    await expect.poll(async () => prisma().breakerEvent.count({ where: { endpoint: "fal/flux-pro" } })).toBe(1);
    recordBreakerOpening(opening, 30_000);
    recordBreakerOpening({ ...opening, to: "closed", openUntil: undefined }, 30_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await prisma().breakerEvent.findMany({ where: { endpoint: "fal/flux-pro" }, select: { openedAt: true, reason: true } })).toEqual([
      { openedAt: new Date("2026-11-03T10:00:00Z"), reason: "5 of its last 5 calls failed" },
    ]);
    expect(await counted()).toBe(1);
    await prisma().breakerEvent.deleteMany({ where: { endpoint: "fal/flux-pro" } });
  });
});

describe("GET /v1/requests", () => {
  it("pages newest first with a cursor, with cost, duration, status, error code, provider, key and attempts", async () => {
    const first = await json(requestsRoute, "/v1/requests?limit=2");
    expect(first.data.map((r: { id: string }) => r.id)).toEqual([ids[5], ids[4]]);
    expect(first).toMatchObject({ object: "list", has_more: true, first_id: ids[5], last_id: ids[4] });
    const next = await json(requestsRoute, `/v1/requests?limit=100&starting_after=${ids[4]}`);
    expect(next.data.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect(next.has_more).toBe(false);
    expect(next.data[2]).toMatchObject({
      status: "succeeded", model: "flux-dev", provider: "fal", key_id: keys.ann!.id, user_id: "u_ann", images: 2, duration_ms: 3000, cost_usd: 0.05, error_code: null,
      attempts: [{ provider: "fal", outcome: "failed", error_kind: "upstream" }, { provider: "fal", outcome: "succeeded", error_kind: null }],
    });
  });

  it("filters by time range, status, model, provider and key", async () => {
    const idsOf = async (q: string) => (await json(requestsRoute, `/v1/requests?${q}`)).data.map((r: { id: string }) => r.id);
    expect(await idsOf("from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z")).toEqual([ids[4]]);
    expect(await idsOf("status=failed")).toEqual([ids[3]]);
    expect(await idsOf("model=imagen-4&provider=vertex")).toEqual([ids[2]]);
    expect(await idsOf(`key=${keys.ann!.id}`)).toEqual([ids[1], ids[0]]);
  });

  it("?summary=true totals the same filters", async () => {
    const all = await json(requestsRoute, "/v1/requests?summary=true");
    expect(all).toMatchObject({ object: "requests.summary", requests: 6, by_status: { succeeded: 3, failed: 1, partial: 1, cancelled: 1 } });
    expect(round(all.cost_usd)).toBe(0.145);
    expect(all.average_latency_ms).toBeCloseTo((1000 + 3000 + 2000 + 500 + 4000 + 100) / 6, 6);
    const flux = await json(requestsRoute, "/v1/requests?summary=true&model=flux-dev&status=succeeded");
    expect(flux).toMatchObject({ requests: 2, by_status: { succeeded: 2 } });
    expect(round(flux.cost_usd)).toBe(0.075);
  });

  it("?format=csv exports every matching request, not just one page", async () => {
    const res = await call(requestsRoute, "/v1/requests?format=csv&limit=1&model=flux-dev");
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,created_at,status,source,model,provider,key_id,user_id,simulated,images,error_code,duration_ms,cost_usd,attempts");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([ids[5], ids[4], ids[1], ids[0]]);
    expect(lines[3]).toBe(`${ids[1]},2026-11-01T12:00:00.000Z,succeeded,api,flux-dev,fal,${keys.ann!.id},u_ann,false,2,,3000,0.05,2`);
  });

  it("members list, summarize and export only their own requests; another member's cursor is unknown", async () => {
    const bob = await json(requestsRoute, "/v1/requests?limit=100", "bob");
    expect(bob.data.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2]]);
    expect((await json(requestsRoute, "/v1/requests?summary=true&user=u_ann", "bob")).requests).toBe(2);
    const csv = await (await call(requestsRoute, "/v1/requests?format=csv", "bob")).text();
    expect(csv.trimEnd().split("\r\n")).toHaveLength(3);
    const foreign = await call(requestsRoute, `/v1/requests?starting_after=${ids[0]}`, "bob");
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).error.code).toBe("invalid_cursor");
  });
});

describe("/metrics", () => {
  const scrape = (init: RequestInit = {}) => metricsApp.GET(new Request("http://127.0.0.1/metrics", init), { params: Promise.resolve({}) });

  it("serves the Prometheus text format: requests, latency histograms, attempts, breakers, cost, images stored", async () => {
    await ready();
    await call(usageRoute, `/v1/usage?${RANGE}`);
    recordGeneration({ model: "flux-dev", provider: "fal", status: "succeeded", latencyMs: 1200, costUsd: 0.025, attempts: [{ provider: "fal", status: "failed", errorKind: "rate_limit" }, { provider: "fal", status: "succeeded" }] });
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/darkroom_http_requests_total\{route="\/v1\/usage",method="GET",status="200"\} \d+/);
    expect(text).toContain('darkroom_generation_duration_seconds_bucket{le="2.5",model="flux-dev",provider="fal",status="succeeded"} 1');
    expect(text).toContain('darkroom_provider_attempts_total{provider="fal",outcome="failed",error_kind="rate_limit"} 1');
    expect(text).toContain('darkroom_cost_usd_total{model="flux-dev",provider="fal"} 0.025');
    expect(text).toContain("darkroom_images_stored 6");
    expect(text).toContain("# TYPE darkroom_circuit_open gauge");
  });

  it("is for loopback binds, or with DARKROOM_METRICS_TOKEN; other methods get the JSON 405", async () => {
    try {
      process.env.HOST = "0.0.0.0";
      resetEnvForTests();
      expect((await scrape()).status).toBe(403);
      process.env.DARKROOM_METRICS_TOKEN = "s3cret-token";
      resetEnvForTests();
      const wrong = await scrape({ headers: { authorization: "Bearer nope" } });
      expect(wrong.status).toBe(401);
      expect((await wrong.json()).error.code).toBe("invalid_metrics_token");
      expect((await scrape({ headers: { authorization: "Bearer s3cret-token" } })).status).toBe(200);
    } finally {
      process.env.HOST = "127.0.0.1";
      delete process.env.DARKROOM_METRICS_TOKEN;
      resetEnvForTests();
    }
    const post = await metricsApp.POST(new Request("http://127.0.0.1/metrics", { method: "POST" }), { params: Promise.resolve({}) });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toContain("GET");
    expect((await post.json()).error).toMatchObject({ type: "invalid_request_error", code: "method_not_allowed" });
  });
});

// `npm run bench:usage`: seeds 100,000 generations and 150,000 attempts into a fresh embedded database, then
// times every aggregate query of the /usage page and of GET /v1/usage, GET /v1/requests first and deep pages
// (their services in process: server time, no network), and the size of the /usage HTML from the built app.
//
//   --rows <n>    generations to seed (default 100000; attempts are 1.5 per generation)
//   --data <dir>  use (and keep) this data dir; seeding is skipped when it already holds generations
//   --html-only   only the /usage HTML sizes (with --data, after a full run)
//
// Run with `tsx --conditions=react-server` so `server-only` resolves to its empty module, as in Next.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { listModels, SIMULATOR_PROVIDER } from "@/lib/catalog";
import type { ProviderOffer } from "@/lib/catalog/schema";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { applyMigrations } from "@/lib/db/migrate";
import { breakerOpenings, endpointStats, groupLabels, usageAggregates, usageFilterValues, type UsageFilter, type UsageGroup } from "@/lib/db/usage";
import type { Viewer } from "@/lib/auth/viewer";
import { estimateCost } from "@/lib/router/cost";
import { requestsPage, requestsQuerySchema, requestsSummary, usageQuerySchema, usageReport } from "@/lib/services/usage";
import { prng } from "@/lib/prng";
import { idFactory } from "./lib/seed-ids";
import { startBuiltApp } from "./lib/next-start";

const TARGETS = { aggregateMs: 150, requestsMs: 50, htmlBytes: 200 * 1024 };
const DAY_MS = 86_400_000;

const { values: args } = parseArgs({ options: { rows: { type: "string", default: "100000" }, data: { type: "string" }, "html-only": { type: "boolean", default: false } } });
const ROWS = Number(args.rows);
if (!Number.isInteger(ROWS) || ROWS < 1000) throw new Error("--rows must be an integer of at least 1000");

// ── Results ──────────────────────────────────────────────────────────────────────────────────────────

interface Result {
  label: string;
  value: number;
  target: number;
  unit: "ms" | "KB";
}
const results: Result[] = [];

function report(label: string, value: number, target: number, unit: Result["unit"] = "ms"): void {
  results.push({ label, value, target, unit });
  const shown = unit === "ms" ? `${value.toFixed(1)} ms` : `${(value / 1024).toFixed(1)} KB`;
  const limit = unit === "ms" ? `${target} ms` : `${target / 1024} KB`;
  const ratio = value / target;
  console.log(`  ${label.padEnd(56)} ${shown.padStart(10)}  target < ${limit.padEnd(7)} ${`${ratio.toFixed(2)}×`.padStart(6)}  ${ratio < 1 ? "PASS" : "MISS"}`);
}

async function median(fn: () => Promise<unknown>, runs = 9): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

// ── Seed data ────────────────────────────────────────────────────────────────────────────────────────

const random = prng(20261203);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const idAt = idFactory(random);

const USERS = Array.from({ length: 6 }, (_, i) => ({ id: `usr_bench${i}`, name: `Bench ${i}`, email: `bench${i}@example.com`, role: "member" }));
const KEYS = Array.from({ length: 10 }, (_, i) => ({ id: `key_bench${i}`, name: `bench key ${i}`, prefix: `bench${i}`.padEnd(8, "x"), hash: `bench-hash-${i}`, userId: USERS[i % USERS.length]!.id }));

const GENERATION_COLUMNS = `"id", "createdAt", "completedAt", "status", "source", "model", "provider", "prompt", "seed", "n", "request", "normalized", "ledger", "warnings", "errorCode", "latencyMs", "costUsd", "ceilingCostUsd", "simulated", "userId", "apiKeyId"`;
const IMAGE_COLUMNS = `"id", "generationId", "index", "seed", "width", "height", "format", "bytes", "storageKey", "thumbnailKey", "thumbWidth", "thumbHeight", "createdAt"`;
const ATTEMPT_COLUMNS = `"id", "generationId", "provider", "providerModelId", "status", "errorKind", "httpStatus", "latencyMs", "costUsd", "images", "startedAt"`;

async function insertRows(pg: PGlite, table: string, columns: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  await pg.query(`INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(null::"${table}", $1::json)`, [JSON.stringify(rows)]);
}

const PRICE_QUERY = { tier: "1K", aspectRatio: "1:1" } as const;
const models = listModels().map((m) => ({ id: m.id, offers: m.providers.filter((p) => p.provider !== SIMULATOR_PROVIDER) })).filter((m) => m.offers.length > 0);

/** One generation and its attempts: half of them fail over once, from another offer, before an answer. */
function generationRows(i: number, now: number) {
  const createdMs = now - 365 * DAY_MS + Math.floor((i / ROWS) * 365 * DAY_MS);
  const createdAt = new Date(createdMs).toISOString();
  const id = idAt("gen", createdMs);
  const model = pick(models);
  const offer: ProviderOffer = pick(model.offers);
  const roll = random();
  const status = roll < 0.03 ? "failed" : roll < 0.04 ? "partial" : roll < 0.045 ? "cancelled" : "succeeded";
  const n = random() < 0.7 ? 1 : pick([2, 4]);
  const stored = status === "failed" || status === "cancelled" ? 0 : status === "partial" ? Math.max(1, n - 1) : n;
  const costUsd = estimateCost(offer, PRICE_QUERY, stored);
  const ceilingCostUsd = Math.max(...model.offers.map((o) => estimateCost(o, PRICE_QUERY, n)));
  const latencyMs = 800 + Math.floor(random() * 9000);
  const key = random() < 0.6 ? pick(KEYS) : undefined;
  const errorCode = status === "failed" ? (random() < 0.3 ? "content_policy_violation" : "provider_error") : status === "cancelled" ? "cancelled" : null;
  const generation = {
    id, createdAt, completedAt: new Date(createdMs + latencyMs).toISOString(), status,
    source: key ? "api" : random() < 0.7 ? "playground" : "compare", model: model.id, provider: stored > 0 ? offer.provider : null,
    prompt: "a benchmark prompt", seed: i, n, request: {}, normalized: {}, ledger: [], warnings: [], errorCode, latencyMs, costUsd, ceilingCostUsd,
    simulated: false, userId: key?.userId ?? (random() < 0.7 ? pick(USERS).id : null), apiKeyId: key?.id ?? null,
  };
  const images = Array.from({ length: stored }, (_, index) => ({
    id: idAt("img", createdMs), generationId: id, index, seed: i + index, width: 1024, height: 1024, format: "png", bytes: 1_500_000,
    // A thumbnail key, so the app's background thumbnail filler finds nothing to do while it is measured.
    storageKey: `bench/${id}-${index}.png`, thumbnailKey: `bench/${id}-${index}.webp`, thumbWidth: 384, thumbHeight: 384, createdAt,
  }));
  const attempts = [];
  if (i % 2 === 0) {
    const other = model.offers.find((o) => o.provider !== offer.provider) ?? offer;
    attempts.push({ id: idAt("att", createdMs), generationId: id, provider: other.provider, providerModelId: other.providerModelId, status: "failed", errorKind: pick(["upstream", "timeout", "rate_limit"]), httpStatus: 502, latencyMs: 300, costUsd: 0, images: 0, startedAt: createdAt });
  }
  const refused = errorCode === "content_policy_violation";
  attempts.push({
    id: idAt("att", createdMs), generationId: id, provider: offer.provider, providerModelId: offer.providerModelId,
    status: stored > 0 ? "succeeded" : status === "cancelled" ? "cancelled" : "failed", errorKind: stored > 0 ? null : refused ? "content_policy" : status === "cancelled" ? "cancelled" : "upstream",
    httpStatus: stored > 0 ? 200 : 400, latencyMs, costUsd, images: stored, startedAt: new Date(createdMs + 300).toISOString(),
  });
  return { generation, images, attempts };
}

async function seed(pg: PGlite): Promise<void> {
  const now = Date.now();
  await insertRows(pg, "AuthUser", `"id", "name", "email", "role"`, USERS);
  await insertRows(pg, "ApiKey", `"id", "name", "prefix", "hash", "userId"`, KEYS);
  const batch = 2000;
  for (let start = 0; start < ROWS; start += batch) {
    const generations: object[] = [];
    const images: object[] = [];
    const attempts: object[] = [];
    for (let i = start; i < Math.min(ROWS, start + batch); i++) {
      const rows = generationRows(i, now);
      generations.push(rows.generation);
      images.push(...rows.images);
      attempts.push(...rows.attempts);
    }
    await insertRows(pg, "Generation", GENERATION_COLUMNS, generations);
    await insertRows(pg, "Image", IMAGE_COLUMNS, images);
    await insertRows(pg, "Attempt", ATTEMPT_COLUMNS, attempts);
    process.stdout.write(`\r  seeded ${Math.min(ROWS, start + batch).toLocaleString("en")} / ${ROWS.toLocaleString("en")} generations`);
  }
  // A breaker opening every few hours somewhere, over the year.
  const endpoints = models.flatMap((m) => m.offers.map((o) => `${o.provider}/${o.providerModelId}`));
  const events = Array.from({ length: 2000 }, (_, i) => ({ id: `brk_bench${i}`, endpoint: pick(endpoints), openedAt: new Date(now - Math.floor(random() * 365 * DAY_MS)).toISOString() }));
  await insertRows(pg, "BreakerEvent", `"id", "endpoint", "openedAt"`, [...new Map(events.map((e) => [`${e.endpoint}${e.openedAt}`, e])).values()]);
  process.stdout.write("\n");
}

// ── Measurement ──────────────────────────────────────────────────────────────────────────────────────

// The route modules import next/navigation (sign-in redirects), which does not load under the react-server
// condition outside Next: the services they call are timed, with the answer serialized as the route does.
const serialized = async (work: Promise<unknown>) => JSON.stringify(await work, (_, v) => (typeof v === "bigint" ? String(v) : v));
const LOCAL: Viewer = { kind: "local" };

async function queryBenchmarks(prisma: PrismaClient): Promise<void> {
  const now = Date.now();
  // The rollup is written by the first query that covers a settled day: once, then never again.
  await prisma.$executeRawUnsafe(`DELETE FROM "UsageDaily"`);
  await prisma.$executeRawUnsafe(`DELETE FROM "UsageDay"`);
  const started = performance.now();
  await usageAggregates({ from: new Date(now - 365 * DAY_MS), to: new Date(now) }, "day", "model", false);
  console.log(`\nFirst query over a year: rolls up its settled days once, in ${(performance.now() - started).toFixed(0)} ms (not a target)`);
  for (const days of [30, 365]) {
    // Whole UTC days, today included, as the page asks for them.
    const filter: UsageFilter = { from: new Date((Math.floor(now / DAY_MS) - days + 1) * DAY_MS), to: new Date(now) };
    console.log(`\n/usage page aggregates, last ${days} days (server time, median of 9)`);
    for (const group of ["model", "provider", "key", "user", "source"] as UsageGroup[]) {
      report(`spend, images, outcomes, saved by ${group} (day buckets)`, await median(() => usageAggregates(filter, "day", group, false)), TARGETS.aggregateMs);
    }
    report("per-endpoint success, refusals, p50/p95", await median(() => endpointStats(filter)), TARGETS.aggregateMs);
    report("breaker openings per endpoint", await median(() => breakerOpenings(filter)), TARGETS.aggregateMs);
    report("filter values (models, providers, keys, users)", await median(() => usageFilterValues(filter)), TARGETS.aggregateMs);
    report("key and user names", await median(() => Promise.all([groupLabels("key", KEYS.map((k) => k.id)), groupLabels("user", USERS.map((u) => u.id))])), TARGETS.aggregateMs);
  }
  console.log("\nGET /v1/usage (its service, answer serialized)");
  const usage = (q: Record<string, string>) => serialized(usageReport(usageQuerySchema.parse(q), LOCAL));
  const from = (days: number) => new Date(now - days * DAY_MS).toISOString();
  report("30 days, by model, day buckets", await median(() => usage({ from: from(30) })), TARGETS.aggregateMs);
  report("365 days, by provider, week buckets", await median(() => usage({ from: from(365), bucket: "week", group_by: "provider" })), TARGETS.aggregateMs);
  report("365 days, by key, month buckets", await median(() => usage({ from: from(365), bucket: "month", group_by: "key" })), TARGETS.aggregateMs);
  report("365 days, by user, day buckets", await median(() => usage({ from: from(365), group_by: "user" })), TARGETS.aggregateMs);

  console.log("\nGET /v1/requests (its service, answer serialized)");
  const requests = (q: Record<string, string>) => serialized(requestsPage(requestsQuerySchema.parse(q), LOCAL));
  const deep = Math.floor(ROWS * 0.9);
  const [anchor] = await prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "Generation" ORDER BY "createdAt" DESC, "id" DESC OFFSET ${deep} LIMIT 1`);
  report("first page (limit 20)", await median(() => requests({})), TARGETS.requestsMs);
  report("first page (limit 100)", await median(() => requests({ limit: "100" })), TARGETS.requestsMs);
  report(`deep page after ${deep.toLocaleString("en")} rows (limit 100)`, await median(() => requests({ limit: "100", starting_after: anchor!.id })), TARGETS.requestsMs);
  report("first page filtered by model and status", await median(() => requests({ model: models[0]!.id, status: "succeeded" })), TARGETS.requestsMs);
  report("summary=true, 30 days", await median(() => serialized(requestsSummary(requestsQuerySchema.parse({ from: from(30) }), LOCAL))), TARGETS.aggregateMs);
}

async function htmlBenchmark(dataDir: string): Promise<void> {
  const distDir = process.env.DARKROOM_DIST_DIR || ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID"))) {
    console.log(`\n/usage HTML: skipped, no build in ${distDir} (run \`npm run build\` first)`);
    results.push({ label: "/usage HTML (not built)", value: Infinity, target: TARGETS.htmlBytes, unit: "KB" });
    return;
  }
  const app = await startBuiltApp(dataDir);
  const { url } = app;
  try {
    console.log(`\n/usage HTML (next start, production build in ${distDir})`);
    for (const [label, pathname] of [["GET /usage (30 days, by model)", "/usage"], ["GET /usage?range=365&group_by=key", "/usage?range=365&group_by=key"], ["GET /usage?range=365&bucket=day&group_by=user", "/usage?range=365&bucket=day&group_by=user"]] as const) {
      const response = await fetch(`${url}${pathname}`);
      if (!response.ok) throw new Error(`${pathname} answered ${response.status}:\n${app.output()}`);
      report(label, (await response.arrayBuffer()).byteLength, TARGETS.htmlBytes, "KB");
    }
  } finally {
    app.stop();
  }
}

// ── Main ─────────────────────────────────────────────────────────────────────────────────────────────

const dataDir = args.data ? path.resolve(args.data) : await mkdtemp(path.join(tmpdir(), "darkroom-bench-usage-"));
await mkdir(path.join(dataDir, "db"), { recursive: true });
Object.assign(process.env, { DARKROOM_DATA_DIR: dataDir, HOST: "127.0.0.1", LOG_LEVEL: "silent", DARKROOM_SIMULATOR: "on" });
console.log(`Darkroom usage benchmark, data dir ${dataDir}`);

const pg = new PGlite(path.join(dataDir, "db"));
await applyMigrations(pg);
const existing = (await pg.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Generation"`)).rows[0]!.count;
if (existing === 0) {
  const started = performance.now();
  await seed(pg);
  await pg.exec("ANALYZE");
  const counts = (await pg.query<{ g: number; a: number; i: number }>(`SELECT (SELECT count(*) FROM "Generation")::int AS g, (SELECT count(*) FROM "Attempt")::int AS a, (SELECT count(*) FROM "Image")::int AS i`)).rows[0]!;
  console.log(`  ${counts.g.toLocaleString("en")} generations, ${counts.a.toLocaleString("en")} attempts, ${counts.i.toLocaleString("en")} images in ${((performance.now() - started) / 1000).toFixed(1)} s (then ANALYZE)`);
} else {
  console.log(`\nReusing ${existing.toLocaleString("en")} generations already in ${dataDir}`);
}

const prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
(globalThis as unknown as { darkroomDb?: Promise<PrismaClient> }).darkroomDb = Promise.resolve(prisma);
if (!args["html-only"]) await queryBenchmarks(prisma);
await prisma.$disconnect();
// One process per PGlite data dir: the app under test opens it next.
await pg.close();
await htmlBenchmark(dataDir);

const missed = results.filter((r) => !(r.value < r.target));
console.log(`\n${results.length - missed.length} of ${results.length} within target${missed.length ? `; MISS: ${missed.map((r) => r.label).join("; ")}` : ""}`);
if (!args.data) await rm(dataDir, { recursive: true, force: true });
process.exitCode = missed.length ? 1 : 0;

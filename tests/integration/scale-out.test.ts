// Two built app instances, A and B, on one PostgreSQL database, one S3 bucket (s3rver, started here) and
// Redis, as a team behind a load balancer runs them. The provider is a local OpenAI-compatible fake priced
// at $0.01 an image, shared by both instances. Skipped when PostgreSQL or Redis does not answer.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import sharp from "sharp";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFalFake, type FalFake } from "../fakes/fal-fake";
import { startOpenAIFake, type OpenAIFake } from "../fakes/openai-fake";
import { startApp, type RunningApp } from "../helpers/app";
import { startLocalS3, type LocalS3 } from "../unit/storage/s3-server";
import { until } from "../helpers/until";

const ADMIN_URL = process.env.DARKROOM_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.DARKROOM_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MODEL = "gpt-image-1-mini";

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await client.connect();
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
    redis.disconnect();
  }
}

const available = await reachable();

let database: string;
let databaseUrl: string;
let s3: LocalS3;
let fake: OpenAIFake;
let fal: FalFake;
let receiver: Server;
let receiverUrl: string;
const hooks: { body: string; headers: IncomingHttpHeaders }[] = [];
let a: RunningApp;
let b: RunningApp;

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}


const post = (app: RunningApp, body: Record<string, unknown>, headers: Record<string, string> = {}, query = "") =>
  fetch(`${app.url}/v1/images/generations${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: MODEL, prompt: "scale out", ...body }),
  });

/** A virtual key written straight to the shared database (as POST /v1/keys would on either instance). */
async function virtualKey(limits: { monthlyBudgetUsd?: number; rateLimitPerMinute?: number }): Promise<{ id: string; key: string }> {
  const secret = randomBytes(24).toString("base64url");
  const key = `dk_${secret}`;
  const id = `key_${randomBytes(8).toString("hex")}`;
  await sql(`INSERT INTO "ApiKey" ("id", "name", "prefix", "hash", "monthlyBudgetUsd", "rateLimitPerMinute") VALUES ($1, $2, $3, $4, $5, $6)`, [
    id, "scale-out", secret.slice(0, 8), createHash("sha256").update(key).digest("hex"), limits.monthlyBudgetUsd ?? null, limits.rateLimitPerMinute ?? null,
  ]);
  return { id, key };
}

describe.runIf(available)("two instances on PostgreSQL, S3 and Redis", () => {
  beforeAll(async () => {
    database = `darkroom_scaleout_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();

    [s3, fake, fal] = await Promise.all([startLocalS3(), startOpenAIFake({ apiKey: null }), startFalFake()]);
    const dir = await mkdtemp(path.join(tmpdir(), "darkroom-scaleout-"));
    const providersFile = path.join(dir, "darkroom.providers.json");
    await writeFile(providersFile, JSON.stringify({ providers: [{ id: "alpha", baseUrl: fake.url, models: [{ model: MODEL, pricePerImage: 0.01 }] }] }));
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        hooks.push({ body, headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;

    const env = {
      ...s3.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      DARKROOM_PROVIDERS_FILE: providersFile,
      DARKROOM_SIMULATOR: "off",
      FAL_KEY: fal.key,
      FAL_QUEUE_URL: fal.url,
      DARKROOM_POLL_INTERVAL_MS: "100",
      DARKROOM_RETRY_BASE_MS: "5",
      DARKROOM_WEBHOOK_SECRET: SECRET,
      DARKROOM_WEBHOOK_ALLOW_PRIVATE: "true",
      DARKROOM_QUEUE_VISIBILITY_MS: "2000",
      DARKROOM_QUEUE_POLL_MS: "200",
      DARKROOM_HEALTH_SYNC_MS: "300",
      DARKROOM_SHUTDOWN_GRACE_MS: "3000",
      NEXT_MANUAL_SIG_HANDLE: "true",
    };
    // A first: it migrates the database; B then finds it migrated.
    a = await startApp(env);
    b = await startApp(env);
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([a?.dispose(), b?.dispose()]);
    await Promise.allSettled([s3?.close(), fake?.close(), fal?.close(), new Promise((r) => receiver?.close(r))]);
    if (database) {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });

  it("reports database, storage and queue on /api/health", async () => {
    const health = await (await fetch(`${b.url}/api/health`)).json();
    expect(health).toMatchObject({
      status: "ok",
      database: { status: "ok", kind: "postgresql" },
      storage: { status: "ok", kind: "s3" },
      queue: { status: "ok", worker: "running" },
    });
  });

  it("serves an image made on A, its thumbnail and a conversion from B", async () => {
    const response = await post(a, {});
    expect(response.status).toBe(200);
    const [image] = (await response.json()).darkroom.images as { url: string; thumbnail_url: string; width: number; id: string }[];
    const onB = (url: string) => url.replace(new URL(url).origin, b.url);
    const original = await fetch(onB(image!.url));
    expect(original.status).toBe(200);
    expect((await sharp(Buffer.from(await original.arrayBuffer())).metadata()).width).toBe(image!.width);
    const thumbnail = await fetch(onB(image!.thumbnail_url));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    const converted = await fetch(`${b.url}/images/${image!.id}.avif`);
    expect(converted.status).toBe(200);
    expect((await sharp(Buffer.from(await converted.arrayBuffer())).metadata()).format).toBe("heif");
  });

  it("generates once for one Idempotency-Key sent to A and B at once", async () => {
    fake.setScenario({ kind: "slow", delayMs: 1500 });
    const before = fake.requests.length;
    const headers = { "idempotency-key": `scale-${randomBytes(6).toString("hex")}` };
    const [fromA, fromB] = await Promise.all([post(a, { prompt: "once" }, headers), post(b, { prompt: "once" }, headers)]);
    fake.setScenario({ kind: "success" });
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    const [bodyA, bodyB] = await Promise.all([fromA.json(), fromB.json()]);
    expect(bodyA.darkroom.id).toBe(bodyB.darkroom.id);
    expect(bodyA.darkroom.images[0].id).toBe(bodyB.darkroom.images[0].id);
    expect(fake.requests.length - before).toBe(1);
  });

  it("does not overspend a key's budget with requests spread over A and B", async () => {
    const { id, key } = await virtualKey({ monthlyBudgetUsd: 0.03 });
    fake.setScenario({ kind: "slow", delayMs: 500 });
    const before = fake.requests.length;
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => post(i % 2 ? b : a, { prompt: `budget ${i}` }, { authorization: `Bearer ${key}` })));
    fake.setScenario({ kind: "success" });
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 402, 402, 402, 402, 402]);
    expect(fake.requests.length - before).toBe(3);
    const [budget] = await sql<{ reservedUsd: number; spentUsd: number }>(`SELECT "reservedUsd", "spentUsd" FROM "ApiKeyBudget" WHERE "apiKeyId" = $1`, [id]);
    expect(budget!.spentUsd).toBeCloseTo(0.03);
    expect(budget!.reservedUsd).toBeCloseTo(0);
  });

  it("counts a key's requests per minute on A and B together (Redis)", async () => {
    const { key } = await virtualKey({ rateLimitPerMinute: 4 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(i % 2 ? b : a, {}, { authorization: `Bearer ${key}` }, "?dryRun=true")).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.slice(4)).toEqual([429, 429]);
  });

  it("finishes on B an async generation whose instance A was killed mid-generation, and delivers its webhook once", async () => {
    fake.setScenario({ kind: "slow", delayMs: 20_000 });
    const before = fake.requests.length;
    const started = await post(a, { prompt: "survives a crash", webhook_url: receiverUrl }, { prefer: "respond-async" });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    // A's worker has the job and is waiting on the provider.
    await until(async () => (fake.requests.length > before ? true : undefined), 10_000);
    const [job] = await sql<{ state: string; lockedBy: string }>(`SELECT "state", "lockedBy" FROM "Job" WHERE "key" = $1`, [`generation:${id}`]);
    expect(job).toMatchObject({ state: "active", lockedBy: expect.stringContaining(`:${new URL(a.url).port}`) });
    await a.crash();
    fake.setScenario({ kind: "success" });

    const done = await until(async () => {
      const view = await (await fetch(`${b.url}/v1/generations/${id}`)).json();
      return view.status === "succeeded" ? view : undefined;
    });
    expect(done.data).toHaveLength(1);
    const delivered = await until(async () => hooks.filter((h) => h.body.includes(id)).length || undefined);
    // Time for a second delivery, if there were to be one.
    await new Promise((r) => setTimeout(r, 2000));
    const mine = hooks.filter((h) => h.body.includes(id));
    expect(delivered).toBe(1);
    expect(mine).toHaveLength(1);
    expect(new Webhook(SECRET).verify(mine[0]!.body, mine[0]!.headers as Record<string, string>)).toMatchObject({ type: "generation.succeeded", data: { id, status: "succeeded" } });
    const [row] = await sql<{ attempts: number; state: string; lockedBy: string | null }>(`SELECT "attempts", "state", "lockedBy" FROM "Job" WHERE "key" = $1`, [`generation:${id}`]);
    expect(row).toMatchObject({ attempts: 2, state: "done", lockedBy: null });
    await a.start();
  }, 90_000);

  it("polls on B the fal request A submitted before it was killed, instead of submitting it again", async () => {
    // Pending for 40 status reads (4 s at 100 ms): A is killed after a few of them.
    fal.setScenario({ pendingPolls: 40 });
    const submits = () => fal.requests.filter((r) => r.method === "POST" && r.body && JSON.stringify(r.body).includes("resumed from fal"));
    const started = await post(a, { model: "fal/flux-schnell", prompt: "resumed from fal" }, { prefer: "respond-async" });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    await until(async () => (fal.requests.filter((r) => r.method === "GET" && r.path.endsWith("/status")).length >= 3 ? true : undefined), 10_000);
    const [recorded] = await sql<{ payload: { providerJobs?: Record<string, unknown> } }>(`SELECT "payload" FROM "Job" WHERE "key" = $1`, [`generation:${id}`]);
    expect(Object.keys(recorded!.payload.providerJobs ?? {})).toEqual(["fal#1"]);
    await a.crash();

    const done = await until(async () => {
      const view = await (await fetch(`${b.url}/v1/generations/${id}`)).json();
      return view.status === "succeeded" || view.status === "failed" ? view : undefined;
    });
    expect(done.status).toBe("succeeded");
    expect(submits()).toHaveLength(1);
    await a.start();
  }, 90_000);

  it("on SIGTERM, the instance running a job hands it back and exits; the other takes it at once and finishes it", async () => {
    fal.setScenario({ pendingPolls: 60 });
    const started = await post(a, { model: "fal/flux-schnell", prompt: "handed back" }, { prefer: "respond-async" });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    // Either worker may claim it; the one that did is stopped.
    const holder = await until(async () => {
      const [job] = await sql<{ lockedBy: string | null }>(`SELECT "lockedBy" FROM "Job" WHERE "key" = $1`, [`generation:${id}`]);
      return job?.lockedBy ?? undefined;
    }, 10_000);
    const [stopped, other] = holder.endsWith(`:${new URL(a.url).port}`) ? [a, b] : [b, a];
    // The grace (3 s) runs out before the job would finish (60 reads at 100 ms): the instance hands it back
    // and exits by itself, before the helper's SIGKILL at 5 s.
    const stopping = Date.now();
    await stopped.stop();
    expect(Date.now() - stopping).toBeLessThan(5000);
    const done = await until(async () => {
      const view = await (await fetch(`${other.url}/v1/generations/${id}`)).json();
      return view.status === "succeeded" || view.status === "failed" ? view : undefined;
    });
    expect(done.status).toBe("succeeded");
    // Handing back is not counted as an attempt; the other instance polls the fal request already submitted.
    const [row] = await sql<{ attempts: number; state: string }>(`SELECT "attempts", "state" FROM "Job" WHERE "key" = $1`, [`generation:${id}`]);
    expect(row).toMatchObject({ attempts: 1, state: "done" });
    expect(fal.requests.filter((r) => r.method === "POST" && JSON.stringify(r.body ?? {}).includes("handed back"))).toHaveLength(1);
    await stopped.start();
  }, 90_000);

  it("honours on B a circuit opened by failures seen on A", async () => {
    fake.setScenario({ kind: "server_error", status: 503 });
    for (let i = 0; i < 2; i++) expect((await post(a, { prompt: `failing ${i}` })).status).toBeGreaterThanOrEqual(500);
    // A benches alpha itself: it answers without calling it.
    const onA = fake.requests.length;
    expect((await post(a, { prompt: "benched on A" })).status).toBeGreaterThanOrEqual(500);
    expect(fake.requests.length).toBe(onA);
    fake.setScenario({ kind: "success" });
    // B saw none of those failures itself; it reads them from the shared attempt records.
    await new Promise((r) => setTimeout(r, 1000));
    const response = await post(b, { prompt: "benched on B" });
    const body = await response.json();
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(body.error)).toMatch(/circuit|open|unavailable/i);
    expect(fake.requests.length).toBe(onA);
  });
});

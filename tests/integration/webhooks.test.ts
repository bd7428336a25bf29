import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

// Runs the delivery code in-process against a PGlite database of its own and a local receiver.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let dataDir: string;
let receiver: Server;
let port: number;
let connections = 0;
let failuresLeft = 0;
const received: { body: string; headers: IncomingHttpHeaders }[] = [];

async function lib() {
  const [{ enqueueDelivery, webhookDeliveries }, { db }, { resetEnvForTests }] = await Promise.all([
    import("@/lib/services/webhooks"),
    import("@/lib/db/client"),
    import("@/lib/config/env"),
  ]);
  /** Queues a delivery job (what a finished generation does) and waits until the queue is done with it. */
  const deliverWebhook = async ({ id, url, payload, delaysMs }: { id: string; url: string; payload: unknown; delaysMs: number[] }) => {
    await enqueueDelivery({ generationId: id, url, body: JSON.stringify(payload), delaysMs });
    const client = await db();
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      const job = await client.job.findUnique({ where: { key: `webhook:${id}` } });
      if (job && (job.state === "done" || job.state === "failed")) return;
    }
    throw new Error(`the delivery job of ${id} did not finish`);
  };
  return { deliverWebhook, webhookDeliveries, db, resetEnvForTests };
}

async function newGeneration(id: string): Promise<void> {
  const { db } = await lib();
  const client = await db();
  await client.generation.create({ data: { id, source: "api", model: "flux-dev", prompt: "hook", seed: 1n, n: 1, request: {}, normalized: {}, ledger: [] } });
}

async function setAllowPrivate(value: boolean): Promise<void> {
  process.env.DARKROOM_WEBHOOK_ALLOW_PRIVATE = String(value);
  (await lib()).resetEnvForTests();
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "darkroom-webhooks-"));
  process.env.DARKROOM_DATA_DIR = dataDir;
  process.env.LOG_LEVEL = "silent";
  process.env.DARKROOM_WEBHOOK_SECRET = SECRET;
  process.env.DARKROOM_QUEUE_POLL_MS = "20";
  delete process.env.DATABASE_URL;
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      if (failuresLeft-- > 0) return res.writeHead(503).end();
      res.writeHead(204).end();
    });
  });
  receiver.on("connection", () => connections++);
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  port = (receiver.address() as { port: number }).port;
  // Opening (and migrating) the embedded database is the slow part on a loaded machine: not in a test's time.
  await (await lib()).db();
}, 120_000);

afterAll(async () => {
  receiver?.close();
  const holder = globalThis as unknown as { darkroomDb?: Promise<{ $disconnect(): Promise<void> }> };
  await (await holder.darkroomDb)?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
  connections = 0;
  failuresLeft = 0;
});

describe("webhook delivery", () => {
  it("signs per Standard Webhooks, retries with backoff, and records each attempt on the generation", async () => {
    await setAllowPrivate(true);
    const { deliverWebhook, webhookDeliveries, db } = await lib();
    await newGeneration("gen_hook_1");
    failuresLeft = 2;
    const payload = { type: "generation.succeeded", data: { id: "gen_hook_1" } };
    await deliverWebhook({ id: "gen_hook_1", url: `http://127.0.0.1:${port}/hook`, payload, delaysMs: [0, 20, 40] });
    expect(received).toHaveLength(3);
    const verifier = new Webhook(SECRET);
    for (const hook of received) {
      expect(verifier.verify(hook.body, hook.headers as Record<string, string>)).toEqual(payload);
    }
    // One event, one id across retries, so receivers can deduplicate.
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(() => new Webhook("whsec_" + Buffer.from("another secret!!").toString("base64")).verify(received[0]!.body, received[0]!.headers as Record<string, string>)).toThrow();
    const deliveries = await webhookDeliveries("gen_hook_1");
    expect(deliveries.map((d) => [d.attempt, d.outcome, d.httpStatus])).toEqual([[1, "failed", 503], [2, "failed", 503], [3, "delivered", 204]]);
    const row = await (await db()).generation.findUnique({ where: { id: "gen_hook_1" } });
    expect(row?.webhookStatus).toBe("delivered");
    // GET /v1/generations/{id} shows them.
    const { getGenerationRoute } = await import("@/lib/api/routes/generations");
    const view = await (await getGenerationRoute(new Request("http://127.0.0.1/v1/generations/gen_hook_1"), { params: Promise.resolve({ id: "gen_hook_1" }) })).json();
    expect(view.webhook_deliveries.map((d: { attempt: number; outcome: string; http_status: number }) => [d.attempt, d.outcome, d.http_status])).toEqual([[1, "failed", 503], [2, "failed", 503], [3, "delivered", 204]]);
  });

  it("gives up after the last retry and says so", async () => {
    await setAllowPrivate(true);
    const { deliverWebhook, webhookDeliveries, db } = await lib();
    await newGeneration("gen_hook_2");
    failuresLeft = 10;
    await deliverWebhook({ id: "gen_hook_2", url: `http://127.0.0.1:${port}/hook`, payload: {}, delaysMs: [0, 10] });
    expect((await webhookDeliveries("gen_hook_2")).map((d) => d.outcome)).toEqual(["failed", "failed"]);
    expect((await (await db()).generation.findUnique({ where: { id: "gen_hook_2" } }))?.webhookStatus).toBe("failed");
  });

  it.each(["http://127.1", "http://[::ffff:127.0.0.1]", "http://0x7f000001", "http://localhost.", "https://127.1", "https://[::ffff:127.0.0.1]", "https://0x7f000001", "https://localhost", "https://[::ffff:a9fe:a9fe]", "https://[64:ff9b::7f00:1]"])(
    "refuses %s without DARKROOM_WEBHOOK_ALLOW_PRIVATE and records it",
    async (origin) => {
      await setAllowPrivate(false);
      const { deliverWebhook, webhookDeliveries } = await lib();
      const id = `gen_refused_${Buffer.from(origin).toString("hex")}`;
      await newGeneration(id);
      await deliverWebhook({ id, url: `${origin}:${port}/hook`, payload: {}, delaysMs: [0, 10, 10] });
      expect(connections).toBe(0);
      const deliveries = await webhookDeliveries(id);
      // A refused address never changes, so it is not retried.
      expect(deliveries.map((d) => d.outcome)).toEqual(["refused"]);
    },
  );
});

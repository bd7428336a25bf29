import { Webhook } from "standardwebhooks";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";
import { until as waitFor } from "../helpers/until";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let app: RunningApp;
let hooks: Server;
let hookUrl: string;
const received: { body: string; headers: Record<string, string> }[] = [];

const post = (body: unknown, headers: Record<string, string> = {}, query = "") =>
  fetch(`${app.url}/v1/images/generations${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });


const getGeneration = async (id: string) => (await fetch(`${app.url}/v1/generations/${id}`)).json();

beforeAll(async () => {
  hooks = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, headers: req.headers as Record<string, string> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(hooks.address() as { port: number }).port}/hook`;
  app = await startApp({ DARKROOM_SIMULATOR_LATENCY_MS: "800", DARKROOM_WEBHOOK_SECRET: SECRET, DARKROOM_WEBHOOK_ALLOW_PRIVATE: "true" });
});

afterAll(async () => {
  await app?.dispose();
  hooks?.close();
});

describe("Idempotency-Key", () => {
  it("two concurrent identical requests generate once and get the same result", async () => {
    const body = { prompt: "idempotent lighthouse", model: "flux-dev", seed: 3 };
    const headers = { "idempotency-key": "key-concurrent-1" };
    const [a, b] = await Promise.all([post(body, headers), post(body, headers)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ja, jb] = await Promise.all([a.json(), b.json()]);
    expect(ja.darkroom.id).toBe(jb.darkroom.id);
    expect(ja.data).toEqual(jb.data);
    expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].filter(Boolean)).toEqual(["true"]);
    const list = await (await fetch(`${app.url}/v1/generations?limit=100`)).json();
    expect(list.data.filter((g: { prompt?: string; model: string; darkroom?: { id: string } }) => g.darkroom?.id === ja.darkroom.id)).toHaveLength(1);
    const attempts = ja.darkroom.attempts.length;
    expect(attempts).toBe(1);
  });

  it("a later retry with the same key replays without generating again, also as b64", async () => {
    const body = { prompt: "replay", model: "flux-schnell", response_format: "b64_json" };
    const first = await (await post(body, { "idempotency-key": "key-replay" })).json();
    const again = await post(body, { "idempotency-key": "key-replay" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const second = await again.json();
    expect(second.darkroom.id).toBe(first.darkroom.id);
    expect(second.data[0].b64_json).toBe(first.data[0].b64_json);
  });

  it("the same key with another body is a 422", async () => {
    await post({ prompt: "one" }, { "idempotency-key": "key-mismatch" });
    const response = await post({ prompt: "two" }, { "idempotency-key": "key-mismatch" });
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe("idempotency_key_reused");
  });
});

describe("async generations", () => {
  it("Prefer: respond-async answers 202, then GET returns the synchronous body", async () => {
    const response = await post({ prompt: "async harbour", model: "imagen-4.0-fast-generate-001", n: 2, size: "16:9" }, { prefer: "respond-async" });
    expect(response.status).toBe(202);
    const accepted = await response.json();
    expect(accepted).toMatchObject({ object: "generation", status: "pending", id: expect.stringMatching(/^gen_/) });
    expect(response.headers.get("location")).toBe(`${app.url}/v1/generations/${accepted.id}`);
    expect(accepted.status_url).toBe(response.headers.get("location"));
    const pending = await getGeneration(accepted.id);
    expect(pending.status).toBe("pending");
    const done = await waitFor(async () => {
      const g = await getGeneration(accepted.id);
      return g.status === "pending" ? undefined : g;
    });
    expect(done).toMatchObject({ id: accepted.id, status: "succeeded", size: "1408x768", darkroom: { id: accepted.id, provider: "local" } });
    expect(done.data).toHaveLength(2);
    expect((await fetch(done.data[0].url)).status).toBe(200);
  });

  it("?async=true works too, and an unknown id is a 404", async () => {
    const response = await post({ prompt: "query async" }, {}, "?async=true");
    expect(response.status).toBe(202);
    const missing = await fetch(`${app.url}/v1/generations/gen_nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("generation_not_found");
  });

  it("signs the webhook per Standard Webhooks", async () => {
    const response = await post({ prompt: "webhook", model: "flux-dev", webhook_url: hookUrl }, { prefer: "respond-async" });
    const { id } = await response.json();
    const hook = await waitFor(async () => received.find((r) => r.body.includes(id)));
    expect(new Webhook(SECRET).verify(hook.body, hook.headers)).toMatchObject({ type: "generation.succeeded" });
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({ type: "generation.succeeded", data: { id, status: "succeeded" } });
  });

  it("lists past generations newest first with a cursor", async () => {
    const page1 = await (await fetch(`${app.url}/v1/generations?limit=2`)).json();
    expect(page1.data).toHaveLength(2);
    expect(page1.next_cursor).toBe(page1.data[1].id);
    const page2 = await (await fetch(`${app.url}/v1/generations?limit=2&cursor=${page1.next_cursor}`)).json();
    expect(page2.data[0].id < page1.data[1].id).toBe(true);
    const bad = await fetch(`${app.url}/v1/generations?limit=1000`);
    expect(bad.status).toBe(400);
  });

  it("resumes an async generation cut off by a crash", async () => {
    const response = await post({ prompt: "survives a crash", model: "flux-dev", seed: 77 }, { prefer: "respond-async" });
    const { id } = await response.json();
    await app.crash();
    await app.start();
    const done = await waitFor(async () => {
      const g = await getGeneration(id);
      return g.status === "pending" ? undefined : g;
    });
    expect(done).toMatchObject({ status: "succeeded", darkroom: { seeds: [77] } });
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, type InProcessApp } from "./fuzz-app";

// The API end to end, in process: webhook_url policy at request time, and a delivery seen on the generation.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let receiver: Server;
let receiverUrl: string;
let connections = 0;
const received: { body: string; headers: IncomingHttpHeaders }[] = [];

const generate = (app: InProcessApp, webhookUrl: string) =>
  app.request("/v1/images/generations", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "flux-dev", prompt: "a lighthouse", webhook_url: webhookUrl }),
  });

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  receiver.on("connection", () => connections++);
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
});
afterAll(() => receiver?.close());

describe("without DARKROOM_WEBHOOK_ALLOW_PRIVATE", () => {
  let app: InProcessApp;
  beforeAll(async () => {
    app = await startInProcessApp({ DARKROOM_WEBHOOK_SECRET: SECRET });
  });
  afterAll(async () => app?.dispose());

  it.each(["http://127.1/hook", "http://[::ffff:127.0.0.1]/hook", "http://0x7f000001/hook", "http://localhost./hook", "https://169.254.169.254/latest/meta-data", "https://[fd00:ec2::254]/", "https://[64:ff9b::7f00:1]/", "https://[2002:7f00:1::]/"])(
    "answers 400 invalid_webhook_url for %s and connects nowhere",
    async (url) => {
      const response = await generate(app, url);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: "invalid_webhook_url", param: "webhook_url" });
      expect(connections).toBe(0);
    },
  );
});

describe("with DARKROOM_WEBHOOK_ALLOW_PRIVATE=true", () => {
  let app: InProcessApp;
  beforeAll(async () => {
    app = await startInProcessApp({ DARKROOM_WEBHOOK_SECRET: SECRET, DARKROOM_WEBHOOK_ALLOW_PRIVATE: "true" });
  });
  afterAll(async () => app?.dispose());

  it("delivers a Standard Webhooks event a stock verifier accepts, and lists the delivery on the generation", async () => {
    const response = await generate(app, receiverUrl);
    expect(response.status).toBe(200);
    const id = (await response.json()).darkroom.id as string;
    const deadline = Date.now() + 10_000;
    let view: { webhook_deliveries?: { outcome: string; http_status: number }[] } = {};
    while (Date.now() < deadline && !view.webhook_deliveries) {
      await new Promise((r) => setTimeout(r, 100));
      view = await (await app.request(`/v1/generations/${id}`)).json();
    }
    expect(view.webhook_deliveries).toEqual([expect.objectContaining({ attempt: 1, outcome: "delivered", http_status: 204 })]);
    const hook = received.find((r) => r.body.includes(id))!;
    expect(new Webhook(SECRET).verify(hook.body, hook.headers as Record<string, string>)).toMatchObject({ type: "generation.succeeded", data: { id } });
  });
});

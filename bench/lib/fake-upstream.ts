import { Worker } from "node:worker_threads";
import { startOpenAIFake } from "../../tests/fakes/openai-fake";

/**
 * The upstream of the overhead benchmark: an OpenAI Images API (`POST /v1/images/generations`, bearer key,
 * the same answer shape as tests/fakes/openai-fake.ts: `data[].b64_json`, `output_format`, `size`,
 * `usage`) that answers after a fixed delay with a given PNG, `n` times.
 *
 * It runs in a worker thread of the bench process, with the image's base64 encoded once up front: its
 * own CPU cost per request is a memory copy and a socket write, and autocannon (on the bench's main thread) cannot delay its
 * timers. `--upstream tests` uses the tests' fake instead (its `slow` scenario), which draws a flat-colour
 * PNG with sharp on every request.
 */
export interface FakeUpstream {
  /** Base URL up to the version segment (what OPENAI_BASE_URL is set to). */
  url: string;
  apiKey: string;
  /** images/generations calls answered so far. */
  calls(): Promise<number>;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { createServer } = require("node:http");
const { crc32 } = require("node:zlib");
const { parentPort, workerData } = require("node:worker_threads");
const { png, delayMs, apiKey, prefix } = workerData;
// Every image is made unique, as a real provider's are (storage is content-addressed: identical bytes would
// be written once and hide the file writes): a 36-byte tEXt chunk with a serial number goes right after the
// 33-byte signature + IHDR. Both are multiples of 3 bytes, so the base64 of the image is three pieces
// concatenated and only the middle one is encoded per image.
const bytes = Buffer.from(png);
const head = Buffer.from(bytes.subarray(0, 33).toString("base64"), "latin1");
const tail = Buffer.from(bytes.subarray(33).toString("base64"), "latin1");
let serial = 0;
function marker() {
  const chunk = Buffer.alloc(36);
  chunk.writeUInt32BE(24, 0);
  chunk.write("tEXtdarkroom-bench", 4, "latin1");
  chunk.write(String(++serial % 1e9).padStart(9, "0"), 23, "latin1");
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 32)), 32);
  return Buffer.from(chunk.toString("base64"), "latin1");
}
const created = Math.floor(Date.now() / 1000);
const open = Buffer.from('{"created":' + created + ',"data":[');
const imageOpen = Buffer.from('{"b64_json":"');
const imageClose = Buffer.from('"}');
const comma = Buffer.from(",");
function bodyFor(n) {
  const outputTokens = 272 * n;
  const close = Buffer.from("]," + JSON.stringify({
    background: "opaque",
    output_format: "png",
    quality: "medium",
    size: "1024x1024",
    usage: { input_tokens: 50, input_tokens_details: { text_tokens: 40, image_tokens: 10 }, output_tokens: outputTokens,
      output_tokens_details: { image_tokens: outputTokens, text_tokens: 0 }, total_tokens: 50 + outputTokens },
  }).slice(1));
  const parts = [open];
  for (let i = 0; i < n; i++) parts.push(...(i ? [comma] : []), imageOpen, head, marker(), tail, imageClose);
  parts.push(close);
  return Buffer.concat(parts);
}

let calls = 0;
function json(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method !== "POST" || req.url !== prefix + "/images/generations") {
      return json(res, 404, { error: { message: "Invalid URL (" + req.method + " " + req.url + ")", type: "invalid_request_error", param: null, code: null } });
    }
    if (req.headers.authorization !== "Bearer " + apiKey) {
      return json(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    }
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString("utf8")); } catch { body = undefined; }
    if (!body || typeof body.prompt !== "string") {
      return json(res, 400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error", param: null, code: null } });
    }
    const n = Number.isInteger(body.n) && body.n >= 1 && body.n <= 10 ? body.n : 1;
    calls++;
    setTimeout(() => {
      if (res.destroyed) return;
      const out = bodyFor(n);
      res.writeHead(200, { "content-type": "application/json", "content-length": out.byteLength, "x-request-id": "req_" + calls });
      res.end(out);
    }, delayMs);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ type: "ready", port: server.address().port }));
parentPort.on("message", (message) => {
  if (message.type === "calls") parentPort.postMessage({ type: "calls", calls });
  if (message.type === "close") { server.closeAllConnections(); server.close(() => parentPort.postMessage({ type: "closed" })); }
});
`;

export async function startFakeUpstream(options: { png: Buffer; delayMs: number; apiKey?: string }): Promise<FakeUpstream> {
  const apiKey = options.apiKey ?? "sk-bench-key";
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { png: new Uint8Array(options.png), delayMs: options.delayMs, apiKey, prefix: "/v1" },
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(message);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const { port } = await next("ready");
  return {
    url: `http://127.0.0.1:${String(port)}/v1`,
    apiKey,
    calls: async () => {
      const answer = next("calls");
      worker.postMessage({ type: "calls" });
      return (await answer).calls as number;
    },
    close: async () => {
      const closed = next("closed");
      worker.postMessage({ type: "close" });
      await closed;
      await worker.terminate();
    },
  };
}

/** The tests' fake (tests/fakes/openai-fake.ts) on the bench's main thread, answering after `delayMs`. */
export async function startTestsFake(options: { delayMs: number; apiKey?: string }): Promise<FakeUpstream> {
  const apiKey = options.apiKey ?? "sk-bench-key";
  const fake = await startOpenAIFake({ apiKey, prefix: "/v1" });
  fake.setScenario({ kind: "slow", delayMs: options.delayMs });
  return {
    url: fake.url,
    apiKey,
    calls: async () => fake.requests.length,
    close: async () => {
      fake.requests.length = 0;
      await fake.close();
    },
  };
}

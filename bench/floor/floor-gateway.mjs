// The floor: the least work an honest image gateway can do, on plain node:http, as a reference for
// Darkroom's own cost. Per request: receive the upstream JSON, decode each base64 image, sha256 it, write
// the file (content-addressed), insert one row into the same embedded PGlite, answer with a URL (or the
// base64 for b64_json). No validation, routing, ledger, retries or thumbnails.
//   node bench/floor/floor-gateway.mjs <port> <upstream base url> <api key> <data dir>
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

const [port, upstream, apiKey, dataDir] = process.argv.slice(2);
const imagesDir = path.join(dataDir, "images");
mkdirSync(imagesDir, { recursive: true });
const db = new PGlite(path.join(dataDir, "db"));
await db.exec(`CREATE TABLE IF NOT EXISTS image (id text PRIMARY KEY, key text NOT NULL, prompt text NOT NULL, bytes int NOT NULL, created timestamptz NOT NULL DEFAULT now())`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL(`${upstream}/images/generations`);

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function callUpstream(payload) {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, "content-length": payload.length } }, async (res) => {
      try {
        resolve({ status: res.statusCode, body: await readBody(res) });
      } catch (error) {
        reject(error);
      }
    });
    req.on("error", reject);
    req.end(payload);
  });
}

async function handle(req, res) {
  const request = JSON.parse((await readBody(req)).toString("utf8"));
  const answer = await callUpstream(Buffer.from(JSON.stringify({ model: request.model, prompt: request.prompt, size: request.size, n: request.n ?? 1 })));
  if (answer.status !== 200) {
    res.writeHead(502, { "content-type": "application/json" }).end(answer.body);
    return;
  }
  const parsed = JSON.parse(answer.body.toString("latin1"));
  const data = [];
  for (const item of parsed.data) {
    const bytes = Buffer.from(item.b64_json, "base64");
    const key = `${createHash("sha256").update(bytes).digest("hex")}.png`;
    await writeFile(path.join(imagesDir, key), bytes);
    const id = `img_${randomUUID().replaceAll("-", "")}`;
    await db.query("INSERT INTO image (id, key, prompt, bytes) VALUES ($1, $2, $3, $4)", [id, key, request.prompt, bytes.byteLength]);
    data.push(request.response_format === "b64_json" ? { b64_json: item.b64_json } : { url: `http://127.0.0.1:${port}/images/${key}` });
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ created: Math.floor(Date.now() / 1000), data }));
}

http
  .createServer((req, res) => {
    handle(req, res).catch((error) => res.writeHead(500).end(String(error)));
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`floor gateway on ${port}`));

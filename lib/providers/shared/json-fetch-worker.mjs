// The request thread: provider calls whose answers carry megabytes of base64 JSON are received, decoded
// and parsed here, so the event loop of the gateway only gets the parsed result (lib/providers/shared/json-fetch.ts).
// node:http rather than fetch: fetch's web streams take ~12 ms to collect a 2 MB body, node:http ~2 ms.
import http from "node:http";
import https from "node:https";
import { pipeline } from "node:stream/promises";
import { parentPort } from "node:worker_threads";
import zlib from "node:zlib";
import { decodeResponseBody } from "./json-body.mjs";
import { BLOB_MIN_CHARS, takeBase64Blobs } from "./json-fetch-blobs.mjs";

const clients = {
  "http:": { request: http.request, agent: new http.Agent({ keepAlive: true }) },
  "https:": { request: https.request, agent: new https.Agent({ keepAlive: true }) },
};

const decoders = {
  gzip: () => zlib.createGunzip(),
  "x-gzip": () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** Thrown when an answer outgrows its cap; the caller reports it as the provider's fault. */
class TooLarge extends Error {}

/**
 * One HTTP exchange, as fetch would make it: compressed answers are decompressed, the signal aborts it,
 * and reading stops once the decompressed body passes `maxBytes` (base64 images and compression bombs).
 */
function exchange({ url, method, headers, body, maxBytes }, signal) {
  const target = new URL(url);
  const client = clients[target.protocol];
  if (!client) return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const requestHeaders = {
    "user-agent": "darkroom",
    "accept-encoding": "gzip, deflate, br",
    ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
    ...headers,
  };
  return new Promise((resolve, reject) => {
    const request = client.request(target, { method, headers: requestHeaders, agent: client.agent, signal }, (response) => {
      const encoding = String(response.headers["content-encoding"] ?? "").trim().toLowerCase();
      const decoder = decoders[encoding];
      const chunks = [];
      let size = 0;
      const tooLarge = () => new TooLarge(`an answer larger than the ${maxBytes}-byte cap`);
      pipeline(response, ...(decoder ? [decoder()] : []), async (source) => {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > maxBytes) throw tooLarge();
          chunks.push(chunk);
        }
      }).then(() => {
        const entries = Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]);
        resolve({ status: response.statusCode, headers: entries, bytes: Buffer.concat(chunks) });
      }, (error) => reject(size > maxBytes ? tooLarge() : error)); // a decoder torn down mid-chunk reports an abort instead
    });
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * The JSON of a 2xx answer with its base64 images taken out (json-fetch-blobs.mjs): the images leave as
 * transferred buffers with their hashes. Any other answer, or one that no longer parses, goes whole.
 */
function answerBody(bytes, status, keepBase64) {
  if (status >= 200 && status < 300 && bytes.length >= BLOB_MIN_CHARS) {
    const { text, nonce, blobs } = takeBase64Blobs(bytes, keepBase64);
    if (text !== undefined) {
      try {
        const transfer = blobs.flatMap((blob) => (blob.base64 ? [blob.bytes.buffer, blob.base64.buffer] : [blob.bytes.buffer]));
        return { body: { json: JSON.parse(text), text }, blobs: { nonce, list: blobs }, transfer };
      } catch {
        // not JSON after all: decoded whole below
      }
    }
  }
  return { body: decodeResponseBody(bytes, status), blobs: undefined, transfer: [] };
}

const running = new Map();

parentPort.on("message", async (message) => {
  if (message.type === "abort") {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  try {
    const { status, headers, bytes } = await exchange(message, controller.signal);
    const { body, blobs, transfer } = answerBody(bytes, status, message.keepBase64 === true);
    parentPort.postMessage({ id: message.id, status, headers, ...body, blobs }, transfer);
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: error?.message ?? String(error), cause: error?.cause?.message, tooLarge: error instanceof TooLarge } });
  } finally {
    running.delete(message.id);
  }
});

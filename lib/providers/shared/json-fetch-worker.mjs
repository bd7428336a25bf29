// The request thread: provider calls whose answers carry megabytes of base64 JSON are received, decoded
// and parsed here, so the event loop of the gateway only gets the parsed result (lib/providers/shared/json-fetch.ts).
import { parentPort } from "node:worker_threads";
import { readJsonBody } from "./json-body.mjs";

const running = new Map();

parentPort.on("message", async (message) => {
  if (message.type === "abort") {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  try {
    const response = await fetch(message.url, { method: message.method, headers: message.headers, body: message.body, signal: controller.signal });
    const bytes = Buffer.from(await response.arrayBuffer());
    parentPort.postMessage({ id: message.id, status: response.status, headers: [...response.headers], ...readJsonBody(bytes, response.status) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: error?.message ?? String(error), cause: error?.cause?.message } });
  } finally {
    running.delete(message.id);
  }
});

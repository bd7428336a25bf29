import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync, brotliCompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBase64, providerBase64 } from "@/lib/providers/shared/base64";
import { withBase64Answer } from "@/lib/providers/shared/base64-answer";
import { requestJson } from "@/lib/providers/shared/http";
import { ProviderError } from "@/lib/providers/errors";

const image = Buffer.alloc(300_000, 7).toString("base64");
let server: http.Server;
let origin: string;
const seen: { method?: string; body: string; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method, body: Buffer.concat(chunks).toString(), headers: req.headers });
      const body = Buffer.from(JSON.stringify({ data: [{ b64_json: image }], note: "ünïcode" }));
      if (req.url === "/gzip") res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(body));
      else if (req.url === "/br") res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" }).end(brotliCompressSync(body));
      else if (req.url === "/error") res.writeHead(503, { "retry-after": "3" }).end("upstream overloaded, try later");
      else if (req.url === "/slow") setTimeout(() => res.end("{}"), 5000);
      else res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const signal = () => AbortSignal.timeout(10_000);

describe("requestJson on the request thread", () => {
  it("sends JSON and parses a large answer, plain, gzip or brotli", async () => {
    for (const path of ["/plain", "/gzip", "/br"]) {
      const call = () => requestJson({ provider: "test", url: `${origin}${path}`, body: { prompt: "a lighthouse" }, headers: { authorization: "Bearer k" }, signal: signal() });
      // Asked for base64 back (a b64_json answer): the provider's text is kept for reuse.
      const response = await withBase64Answer(true, call);
      expect(response.status).toBe(200);
      // The image arrives as a token for the bytes the request thread decoded (json-fetch-blobs.mjs).
      const json = response.json as { data: { b64_json: string }[]; note: string };
      expect(json.note).toBe("ünïcode");
      expect(providerBase64(decodeBase64(json.data[0]!.b64_json).bytes)?.toString()).toBe(image);
      expect(response.headers.get("content-type")).toBe("application/json");
    }
    const last = seen.at(-1)!;
    expect(last.method).toBe("POST");
    expect(JSON.parse(last.body)).toEqual({ prompt: "a lighthouse" });
    expect(last.headers.authorization).toBe("Bearer k");
    expect(last.headers["content-type"]).toBe("application/json");
  });

  it("returns error statuses with their whole text for the adapter to classify", async () => {
    const response = await requestJson({ provider: "test", url: `${origin}/error`, signal: signal() });
    expect(response.status).toBe(503);
    expect(response.json).toBeUndefined();
    expect(response.text).toBe("upstream overloaded, try later");
    expect(response.headers.get("retry-after")).toBe("3");
  });

  it("turns our deadline into a timeout and a refused connection into unavailable", async () => {
    const started = Date.now();
    const timedOut = await requestJson({ provider: "test", url: `${origin}/slow`, signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(ProviderError);
    expect((timedOut as ProviderError).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
    const refused = await requestJson({ provider: "test", url: "http://127.0.0.1:1/", signal: signal() }).catch((e: unknown) => e);
    expect((refused as ProviderError).kind).toBe("unavailable");
    expect((refused as ProviderError).message).toContain("ECONNREFUSED");
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "@/lib/providers/errors";
import { answerCap, fetchJsonOffThread } from "@/lib/providers/shared/json-fetch";
import { requestJson } from "@/lib/providers/shared/http";

// A base64 "image" of 2 MB inside a JSON answer, plain and as a small gzip that inflates to it.
const body = Buffer.from(JSON.stringify({ data: [{ b64_json: "A".repeat(2_000_000) }] }));
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/gzip") res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync(body));
    else res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = (path: string, maxBytes?: number) =>
  fetchJsonOffThread({ url: `${origin}${path}`, method: "GET", headers: {}, provider: "fake", ...(maxBytes ? { maxBytes } : {}) }, AbortSignal.timeout(10_000));

describe("the request threads cap provider answers", () => {
  it.each(["/plain", "/gzip"])("%s: an answer over the cap is an upstream fault, not parsed", async (path) => {
    const error = await get(path, 1_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("upstream");
    expect((error as ProviderError).message).toMatch(/^fake sent an answer larger than the 1000000-byte cap/);
  });

  it("an answer under the cap parses", async () => {
    const answer = await get("/gzip", 3_000_000);
    expect((answer.json as { data: unknown[] }).data).toHaveLength(1);
  });

  it("the default cap is four images at the download cap, as base64", () => {
    expect(answerCap()).toBe(Math.ceil((50 * 1024 * 1024 * 4) / 3) * 4);
  });

  it("requestJson, on the default cap, still takes a 2 MB answer", async () => {
    const answer = await requestJson({ provider: "fake", url: `${origin}/plain`, signal: AbortSignal.timeout(10_000) });
    expect(answer.status).toBe(200);
  });
});

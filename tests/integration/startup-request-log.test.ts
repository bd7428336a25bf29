import { Writable } from "node:stream";
import pino from "pino";
import { beforeEach, expect, it } from "vitest";

// In-process: the route wrapper every API route uses logs one line per request.
const lines: Record<string, unknown>[] = [];
(globalThis as unknown as { darkroomLogger?: unknown }).darkroomLogger = pino(
  { level: "info" },
  new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
);

beforeEach(() => {
  lines.length = 0;
});

const call = async (handler: () => Promise<Response>, url = "http://127.0.0.1/v1/images/generations?dryRun=true") => {
  const { apiRoute } = await import("@/lib/api/http");
  return apiRoute(handler)(new Request(url, { method: "POST", headers: { "x-request-id": "req_test_1", "content-type": "application/json" }, body: "{}" }), {
    params: Promise.resolve(undefined),
  });
};

it("logs method, path, status, latency, request id, provider and model at info", async () => {
  await call(async () => Response.json({}, { headers: { "x-darkroom-provider": "local", "x-darkroom-model": "flux-dev" } }));
  const line = lines.find((l) => l.msg === "request");
  expect(line).toMatchObject({ level: 30, method: "POST", path: "/v1/images/generations", status: 200, requestId: "req_test_1", provider: "local", model: "flux-dev" });
  expect(typeof line?.latencyMs).toBe("number");
  expect(JSON.stringify(line)).not.toContain("dryRun");
});

it("logs a 4xx at info, an upstream 503 at warn and an unhandled error at error", async () => {
  const { ApiError } = await import("@/lib/api/errors");
  await call(async () => {
    throw new ApiError(400, "bad", "invalid_request_error", "prompt", "invalid_value");
  });
  await call(async () => Response.json({}, { status: 503 }));
  await call(async () => {
    throw new Error("boom");
  });
  expect(lines.filter((l) => l.msg === "request").map((l) => [l.status, l.level])).toEqual([[400, 30], [503, 40], [500, 50]]);
});

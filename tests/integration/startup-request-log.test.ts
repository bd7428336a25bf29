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

it("logs failed provider attempts at warn and names a fallback", async () => {
  const { attemptLogger } = await import("@/lib/server/attempt-log");
  const log = attemptLogger("gen_1", "flux-dev");
  const base = { id: "a", providerModelId: "m", latencyMs: 5, costUsd: 0, images: 0, startedAt: new Date() };
  log({ ...base, provider: "fal", status: "failed", errorKind: "unavailable", httpStatus: 503, errorMessage: "fal answered 503" });
  log({ ...base, provider: "replicate", status: "succeeded", images: 1 });
  expect(lines.map((l) => [l.level, l.msg])).toEqual([[40, "provider attempt failed"], [30, "served by fallback after 1 failed attempt(s)"]]);
  expect(lines[0]).toMatchObject({ generationId: "gen_1", provider: "fal", kind: "unavailable", httpStatus: 503 });
});

it("answers 503 database_unavailable, not a 500, while the database is away", async () => {
  const { DatabaseUnavailableError } = await import("@/lib/db/client");
  const response = await call(async () => {
    throw new DatabaseUnavailableError("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432", undefined);
  });
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
  expect((await response.json()).error).toMatchObject({ code: "database_unavailable", type: "server_error" });
  expect(lines.find((l) => l.msg === "request")).toMatchObject({ status: 503, level: 40 });
});

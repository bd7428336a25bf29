import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/config/env";
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from "@/lib/api/routes/keys";
import { authenticate } from "@/lib/api/key-auth";
import { errorResponse } from "@/lib/api/http";
import { memoryDb } from "./pglite";

let close: () => Promise<void>;
beforeAll(async () => {
  ({ close } = await memoryDb());
});
afterAll(() => close());
afterEach(() => {
  delete process.env.DARKROOM_API_KEYS;
  delete process.env.HOST;
  resetEnvForTests();
});

const req = (method: string, path: string, token?: string, body?: unknown) =>
  new Request(`http://127.0.0.1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
const none = { params: Promise.resolve({}) };

async function create(body: unknown, token?: string) {
  const res = await createKeyRoute(req("POST", "/v1/keys", token, body), none);
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/** What the generation API would answer for this token: the authenticate() verdict as a response. */
async function authStatus(token: string | undefined) {
  try {
    await authenticate(req("POST", "/v1/images/generations", token));
    return { status: 200, json: {} as Record<string, any>, headers: new Headers() };
  } catch (error) {
    const res = errorResponse(error, "req_test");
    return { status: res.status, json: (await res.json()) as Record<string, any>, headers: res.headers };
  }
}

describe("/v1/keys", () => {
  it("creates a key (201, shown once), lists it without the secret, and revokes it (401 at once)", async () => {
    const { status, json } = await create({ name: "ci", monthly_budget_usd: 2, rate_limit_per_minute: 30 });
    expect(status).toBe(201);
    expect(json.key).toMatch(/^dk_/);
    expect(json).toMatchObject({ name: "ci", prefix: json.key.slice(0, 11), monthly_budget_usd: 2, rate_limit_per_minute: 30 });
    expect((await authStatus(json.key)).status).toBe(200);

    const list = (await (await listKeysRoute(req("GET", "/v1/keys"), none)).json()) as { data: Record<string, unknown>[] };
    const listed = list.data.find((k) => k.id === json.id)!;
    expect(listed).toMatchObject({ spend_this_month_usd: 0, revoked_at: null });
    expect(listed.last_used_at).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(json.key);

    expect((await revokeKeyRoute(req("DELETE", `/v1/keys/${json.id}`), { params: Promise.resolve({ id: json.id }) })).status).toBe(200);
    const refused = await authStatus(json.key);
    expect(refused.status).toBe(401);
    expect(refused.json.error).toMatchObject({ type: "authentication_error", code: "invalid_api_key" });
    expect((await revokeKeyRoute(req("DELETE", "/v1/keys/key_nope"), { params: Promise.resolve({ id: "key_nope" }) })).status).toBe(404);
  });

  it("refuses unknown dk_ keys even when the API is open", async () => {
    expect((await authStatus("dk_unknown")).status).toBe(401);
    expect((await authStatus(undefined)).status).toBe(200);
  });

  it("validates the body in the OpenAI error shape", async () => {
    const bad = await create({ name: "", monthly_budget_usd: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: "invalid_request_error", param: "name" });
    expect((await create({ name: "old", expires_at: "2000-01-01T00:00:00Z" })).status).toBe(400);
  });

  it("is for operator keys only: DARKROOM_API_KEYS when set, loopback otherwise", async () => {
    const { json } = await create({ name: "member" });
    expect((await create({ name: "x" }, json.key)).status).toBe(403);
    process.env.DARKROOM_API_KEYS = "op-key";
    resetEnvForTests();
    expect((await create({ name: "x" })).status).toBe(401);
    expect((await create({ name: "x" }, "op-key")).status).toBe(201);
    expect((await authStatus(json.key)).status).toBe(200);
    delete process.env.DARKROOM_API_KEYS;
    process.env.HOST = "0.0.0.0";
    resetEnvForTests();
    expect((await create({ name: "x" })).status).toBe(403);
  });
});

describe("per-key rate limit", () => {
  it("answers 429 with Retry-After past the key's requests per minute", async () => {
    const { json } = await create({ name: "slow", rate_limit_per_minute: 2 });
    expect((await authStatus(json.key)).status).toBe(200);
    expect((await authStatus(json.key)).status).toBe(200);
    const limited = await authStatus(json.key);
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, startInProcessApp, type InProcessApp } from "./fuzz-app";

// With API keys set: the Origin check holds whether or not the caller has a key.
let app: InProcessApp;
const KEY = "sk-test-key";
const LISTED = "https://studio.example.com";

const generation = (headers: Record<string, string>, query = "?dryRun=true") =>
  app.request(`/v1/images/generations${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, ...headers },
    body: JSON.stringify({ model: "flux-dev", prompt: "a lighthouse" }),
  });

beforeAll(async () => {
  app = await startInProcessApp({ DARKROOM_API_KEYS: KEY, DARKROOM_CORS_ORIGINS: `${LISTED}, http://localhost:5173` });
});

afterAll(async () => {
  await app?.dispose();
});

describe("API keys", () => {
  it("a non-ASCII bearer token is a 401, not a 500", async () => {
    const response = await app.request("/v1/models", { headers: { authorization: "Bearer caf\u00e9-\u00ff" } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
  });
});

describe("cross-site requests", () => {
  it("refuses a state-changing request from a foreign Origin, even a text/plain one with a valid key", async () => {
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1:3001", "http://evil.example:3000"]) {
      const response = await generation({ origin, "content-type": "text/plain" }, "");
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { type: "permission_error", param: "origin", code: "cross_origin_forbidden" } });
    }
  });

  it("lets through requests without Origin (curl, SDKs), from the app's own pages, and from listed origins", async () => {
    expect((await generation({})).status).toBe(200);
    expect((await generation({ origin: "http://127.0.0.1:3000" })).status).toBe(200);
    const listed = await generation({ origin: LISTED });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(listed.headers.get("access-control-expose-headers")).toContain("x-darkroom-request-id");
  });

  it("answers CORS preflights: granted for listed origins, 403 for others", async () => {
    const preflight = (origin: string) =>
      app.request("/v1/images/generations", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
      });
    const granted = await preflight("http://localhost:5173");
    expect(granted.status).toBe(204);
    expect(granted.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(granted.headers.get("access-control-allow-methods")).toContain("POST");
    expect(granted.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    const refused = await preflight("https://evil.example");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses server actions (POSTs to pages) from a foreign Origin before any page code runs", async () => {
    const action = (origin: string) =>
      dispatch(new Request(`${app.url}/gallery`, { method: "POST", headers: { origin, "next-action": "abc123", "content-type": "text/plain" }, body: "[]" }));
    const refused = (await action("https://evil.example"))!;
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "cross_origin_forbidden" } });
    expect(await action("http://127.0.0.1:3000")).toBeUndefined(); // passed on to the page
  });

  it("a foreign GET runs (it changes nothing) but gets no CORS grant, so the browser withholds the answer", async () => {
    const response = await app.request("/v1/models", { headers: { origin: "https://evil.example", authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

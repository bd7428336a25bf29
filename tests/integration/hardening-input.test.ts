import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessApp, type InProcessApp } from "./fuzz-app";

let app: InProcessApp;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
  expect(Object.keys(body.error)).toEqual(expect.arrayContaining(["message", "type", "param", "code"]));
  return body.error;
}

beforeAll(async () => {
  app = await startInProcessApp({ DARKROOM_CORS_ORIGINS: "https://studio.example.com", DARKROOM_PUBLIC_URL: "https://darkroom.example.com/" });
});

afterAll(async () => {
  await app?.dispose();
});

describe("bodies that parse but cannot be stored or forwarded", () => {
  it.each([
    ["a NUL byte", '{"model":"flux-dev","prompt":"a\\u0000b"}', "prompt"],
    ["a lone surrogate", '{"model":"flux-dev","prompt":"\\ud800"}', "prompt"],
    ["__proto__: null", '{"model":"flux-dev","prompt":"p","__proto__":null}', "__proto__"],
    ["a constructor key", '{"model":"flux-dev","prompt":"p","constructor":{"prototype":1}}', "constructor"],
    ["5,000-deep nesting in an unknown key", `{"model":"flux-dev","prompt":"p","deep":${"[".repeat(5000)}${"]".repeat(5000)}}`, "deep.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"],
  ])("%s is a 400 naming the parameter", async (_name, body, param) => {
    for (const path of ["/v1/images/generations", "/v1/images/generations?dryRun=true"]) {
      const response = await post(path, body);
      expect(response.status).toBe(400);
      expect((await errorOf(response)).param).toBe(param);
    }
  });

  it("a 10 KB model name is echoed as a short prefix", async () => {
    const response = await post("/v1/images/generations?dryRun=true", { model: "m".repeat(10_000), prompt: "p" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const error = await errorOf(response);
    expect(error.message.length).toBeLessThan(400);
  });
});

describe("paths, methods and credentials", () => {
  it.each(["/v1/models/%ff", "/images/%E0%A4%A", "/v1/models/%25", "/v1/generations/%00", "/openai/v1/models/%", "/images/thumbs/%c0%af.webp"])(
    "GET %s is a JSON 4xx",
    async (path) => {
      const response = await app.request(path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      await errorOf(response);
    },
  );

  it("a page path with a malformed escape is a plain 400, not a 500", async () => {
    const { dispatch } = await import("./fuzz-app");
    const response = (await dispatch(new Request(`${app.url}/gallery/%`)))!;
    expect(response.status).toBe(400);
  });

  it("GET on a POST-only endpoint is a JSON 405 with Allow", async () => {
    for (const path of ["/v1/images/generations", "/openai/v1/images/generations"]) {
      const response = await app.request(path);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST, OPTIONS");
      expect((await errorOf(response)).code).toBe("method_not_allowed");
    }
    const del = await app.request("/v1/models", { method: "DELETE" });
    expect([del.status, del.headers.get("allow")]).toEqual([405, "GET, HEAD, OPTIONS"]);
  });

  it.each(["/v1/nothing-here", "/openai/v1/images/variations", "/v1", "/v1/models/flux-dev/extra/x/y"])("unknown API path %s is a JSON 404", async (path) => {
    const response = await app.request(path);
    if (path.startsWith("/v1/models/")) expect(response.status).toBe(404);
    else expect([response.status, (await errorOf(response)).code]).toEqual([404, "unknown_endpoint"]);
  });
});

describe("Idempotency-Key", () => {
  it("takes the same body with its keys in another order for the same request", async () => {
    const headers = { "idempotency-key": "order-independent-1" };
    const first = await post("/v1/images/generations", '{"model":"flux-dev","prompt":"a lighthouse","size":"256x256","seed":7}', headers);
    expect(first.status).toBe(200);
    const again = await post("/v1/images/generations", '{"seed":7,"size":"256x256","prompt":"a lighthouse","model":"flux-dev"}', headers);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("x-darkroom-generation-id")).toBe(first.headers.get("x-darkroom-generation-id"));
    const changed = await post("/v1/images/generations", '{"seed":8,"size":"256x256","prompt":"a lighthouse","model":"flux-dev"}', headers);
    expect(changed.status).toBe(422);
  });
});

describe("status_url and Location", () => {
  it("use DARKROOM_PUBLIC_URL and keep the /openai prefix", async () => {
    for (const [prefix, expected] of [["/v1", "https://darkroom.example.com/v1/generations/"], ["/openai/v1", "https://darkroom.example.com/openai/v1/generations/"]] as const) {
      const response = await post(`${prefix}/images/generations?async=true`, { model: "flux-dev", prompt: "a lighthouse" });
      expect(response.status).toBe(202);
      const body = (await response.json()) as { id: string; status_url: string };
      expect(body.status_url).toBe(`${expected}${body.id}`);
      expect(response.headers.get("location")).toBe(body.status_url);
    }
  });
});

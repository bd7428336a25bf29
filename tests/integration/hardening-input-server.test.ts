// The same guarantees through the built app (`next start`): proxy.ts mounted, Next's own routing and decoding.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";

let app: RunningApp;
const LISTED = "https://studio.example.com";

beforeAll(async () => {
  app = await startApp({ DARKROOM_CORS_ORIGINS: LISTED });
});

afterAll(async () => {
  await app?.dispose();
});

async function expectJsonError(response: Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const { error } = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
  expect(typeof error.message).toBe("string");
  if (code) expect(error.code).toBe(code);
}

describe("through next start", () => {
  it.each(["/v1/models/%ff", "/images/%E0%A4%A", "/v1/generations/%00", "/openai/v1/models/%"])("GET %s is a JSON 400", async (path) => {
    await expectJsonError(await fetch(`${app.url}${path}`), 400, "invalid_path");
  });

  it("a page path with a malformed escape is a 400, not a 500", async () => {
    expect((await fetch(`${app.url}/gallery/%`)).status).toBe(400);
  });

  it("/v1/models/%25 is a JSON 404 for the model '%'", async () => {
    await expectJsonError(await fetch(`${app.url}/v1/models/%25`), 404, "model_not_found");
  });

  it("GET on a POST-only endpoint is a JSON 405 with Allow; an unknown API path a JSON 404", async () => {
    const response = await fetch(`${app.url}/v1/images/generations`);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    await expectJsonError(response, 405, "method_not_allowed");
    await expectJsonError(await fetch(`${app.url}/v1/nothing-here`), 404, "unknown_endpoint");
    await expectJsonError(await fetch(`${app.url}/openai/v1/images/variations`, { method: "POST" }), 404, "unknown_endpoint");
  });

  it("refuses a text/plain generation from a foreign page, with no API keys set", async () => {
    const response = await fetch(`${app.url}/v1/images/generations`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      body: JSON.stringify({ model: "flux-dev", prompt: "spend their credits" }),
    });
    await expectJsonError(response, 403, "cross_origin_forbidden");
  });

  it("refuses a server action from a foreign page", async () => {
    const response = await fetch(`${app.url}/gallery`, { method: "POST", headers: { origin: "https://evil.example", "next-action": "0".repeat(40), "content-type": "text/plain" }, body: "[]" });
    await expectJsonError(response, 403, "cross_origin_forbidden");
  });

  it("answers preflights for listed origins and grants them on responses", async () => {
    const preflight = await fetch(`${app.url}/v1/images/generations`, {
      method: "OPTIONS",
      headers: { origin: LISTED, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(LISTED);
    const response = await fetch(`${app.url}/v1/images/generations?dryRun=true`, {
      method: "POST",
      headers: { origin: LISTED, "content-type": "application/json" },
      body: JSON.stringify({ model: "flux-dev", prompt: "a lighthouse" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(LISTED);
  });

  it("keeps the /openai prefix in status_url and Location", async () => {
    const response = await fetch(`${app.url}/openai/v1/images/generations?async=true`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "flux-dev", prompt: "a lighthouse", size: "256x256" }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string; status_url: string };
    expect(body.status_url).toBe(`${app.url}/openai/v1/generations/${body.id}`);
    expect(response.headers.get("location")).toBe(body.status_url);
  });
});

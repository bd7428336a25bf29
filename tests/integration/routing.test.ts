import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenAIFake, type OpenAIFake } from "../fakes/openai-fake";
import { startApp, type RunningApp } from "../helpers/app";

// Two OpenAI-compatible upstreams from darkroom.providers.json serve the same model: alpha is cheaper, so
// the cheapest policy tries it first; faults are injected into the fakes.
let alpha: OpenAIFake;
let beta: OpenAIFake;
let app: RunningApp;
let providersFile: string;
const MODEL = "gpt-image-1-mini";

const generate = async (body: Record<string, unknown> = {}) => {
  const response = await fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, prompt: "routing", ...body }),
  });
  return { response, json: await response.json() };
};

const attempts = (json: { darkroom?: { attempts: { provider: string; status: string }[] }; error?: { attempts: { provider: string; status: string }[] } }) =>
  (json.darkroom?.attempts ?? json.error?.attempts ?? []).map((a) => `${a.provider}:${a.status}`);

beforeAll(async () => {
  [alpha, beta] = await Promise.all([startOpenAIFake({ apiKey: null }), startOpenAIFake({ apiKey: null })]);
  const dir = await mkdtemp(path.join(tmpdir(), "darkroom-routing-"));
  const file = path.join(dir, "darkroom.providers.json");
  await writeFile(
    file,
    JSON.stringify({
      providers: [
        { id: "alpha", baseUrl: alpha.url, models: [{ model: MODEL, pricePerImage: 0.01 }] },
        { id: "beta", baseUrl: beta.url, models: [{ model: MODEL, pricePerImage: 0.02 }] },
      ],
    }),
  );
  providersFile = file;
  // No cooldown here, so one test's failures do not bench alpha for the next; the breaker has its own app below.
  app = await startApp({ DARKROOM_PROVIDERS_FILE: file, DARKROOM_RETRY_BASE_MS: "5", DARKROOM_BREAKER_COOLDOWN_MS: "0" });
});

afterAll(async () => {
  await app?.dispose();
  await Promise.all([alpha?.close(), beta?.close()]);
});

beforeEach(() => {
  alpha.setScenario({ kind: "success" });
  beta.setScenario({ kind: "success" });
});

describe("routing through darkroom.providers.json upstreams", () => {
  it("lists the extra providers and routes to the cheapest; the simulator steps aside", async () => {
    const providers = await (await fetch(`${app.url}/v1/providers`)).json();
    expect(providers.data.filter((p: { configured: boolean }) => p.configured).map((p: { id: string }) => p.id).sort()).toEqual(["alpha", "beta"]);
    const { response, json } = await generate();
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("alpha");
    expect(json.darkroom.cost_usd).toBe(0.01);
    const estimate = await (await fetch(`${app.url}/v1/images/generations?dryRun=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: MODEL, prompt: "x", n: 2 }) })).json();
    expect(estimate).toMatchObject({ provider: "alpha", estimated_cost_usd: 0.02 });
  });

  it("falls back to the next provider on a 503 after retrying", async () => {
    alpha.setScenario({ kind: "server_error", status: 503 });
    const { response, json } = await generate();
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("beta");
    expect(attempts(json)).toEqual(["alpha:failed", "alpha:failed", "alpha:failed", "beta:succeeded"]);
    expect(json.darkroom.cost_usd).toBe(0.02);
  });

  it("falls back on a 429 honouring its budget", async () => {
    alpha.setScenario({ kind: "rate_limit", retryAfter: "0" });
    const { json } = await generate();
    expect(attempts(json)).toEqual(["alpha:failed", "alpha:failed", "alpha:failed", "beta:succeeded"]);
  });

  it("a content-policy refusal does not fall back unless asked", async () => {
    alpha.setScenario({ kind: "moderation" });
    const refused = await generate();
    expect(refused.response.status).toBe(400);
    expect(refused.json.error.code).toBe("content_policy_violation");
    expect(attempts(refused.json)).toEqual(["alpha:failed"]);
    const fallback = await generate({ fallback_on_content_policy: true });
    expect(fallback.response.status).toBe(200);
    expect(attempts(fallback.json)).toEqual(["alpha:failed", "beta:succeeded"]);
  });

  it("an invalid request never falls back", async () => {
    alpha.setScenario({ kind: "bad_request" });
    const { response, json } = await generate();
    expect(response.status).toBe(400);
    expect(attempts(json)).toEqual(["alpha:failed"]);
  });

  it("answers 502 all_providers_failed with each provider's reason when all fail", async () => {
    alpha.setScenario({ kind: "server_error", status: 500 });
    beta.setScenario({ kind: "server_error", status: 502 });
    const { response, json } = await generate({ provider_order: ["beta", "alpha"] });
    expect(response.status).toBe(502);
    expect(json.error).toMatchObject({ code: "all_providers_failed", type: "upstream_error" });
    expect(json.error.message).toMatch(/alpha/);
    expect(json.error.message).toMatch(/beta/);
    expect(new Set(json.error.attempts.map((a: { provider: string }) => a.provider))).toEqual(new Set(["alpha", "beta"]));
  });

  it("a pinned provider turns fallback off", async () => {
    alpha.setScenario({ kind: "server_error", status: 503 });
    const { response, json } = await generate({ model: `alpha/${MODEL}` });
    expect(response.status).toBe(503);
    expect(new Set(attempts(json))).toEqual(new Set(["alpha:failed"]));
  });

});

describe("circuit breaker", () => {
  it("opens alpha's circuit after repeated failures, and keeps it open across a restart", async () => {
    await app.dispose();
    app = await startApp({ DARKROOM_PROVIDERS_FILE: providersFile, DARKROOM_RETRY_BASE_MS: "5", DARKROOM_BREAKER_COOLDOWN_MS: "600000" });
    alpha.setScenario({ kind: "server_error", status: 503 });
    await generate();
    await generate();
    const before = alpha.requests.length;
    await app.restart();
    const { json } = await generate();
    expect(alpha.requests.length).toBe(before);
    expect(attempts(json)).toEqual(["beta:succeeded"]);
  });
});

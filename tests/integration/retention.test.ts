import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";

// Retention against the built app: a 1 s unstored TTL and a fast sweep, so expiry is seen over HTTP.

let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ DARKROOM_UNSTORED_URL_TTL: "1", DARKROOM_RETENTION_SWEEP_MS: "200" });
});

afterAll(async () => {
  await app?.dispose();
});

interface Generated {
  data: { url: string }[];
  darkroom: { id: string; cost_usd?: number };
}

const call = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, init);

async function generate(body: Record<string, unknown>, key?: string): Promise<Generated> {
  const response = await call("/v1/images/generations", {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ model: "local/flux-dev", response_format: "url", ...body }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Generated;
}

const status = async (url: string) => (await fetch(url)).status;

async function waitForStatus(url: string, wanted: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await status(url)) !== wanted) {
    if (Date.now() > deadline) throw new Error(`${url} never answered ${wanted}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("retention over HTTP", () => {
  it("store: false answers normally, its URL expires to 410, and the generation keeps cost and attempts but no prompt", async () => {
    const answer = await generate({ prompt: "a secret orchard", store: false, seed: 5 });
    expect(answer.data).toHaveLength(1);
    await waitForStatus(answer.data[0]!.url, 410);
    const gone = await fetch(answer.data[0]!.url);
    expect((await gone.json()).error).toMatchObject({ code: "image_purged", type: "invalid_request_error" });
    const view = await (await call(`/v1/generations/${answer.darkroom.id}`)).text();
    expect(view).not.toContain("secret orchard");
    expect(JSON.parse(view)).toMatchObject({ status: "succeeded" });
    const requests = await (await call("/v1/requests")).text();
    expect(requests).toContain(answer.darkroom.id);
    expect(requests).not.toContain("secret orchard");
    const page = await (await call(`/gallery/${answer.darkroom.id}`)).text();
    expect(page).not.toContain("secret orchard");
    expect(page).toContain("Not stored: this generation keeps its metadata only");
  });

  it("a key with 0-day retention leaves no bytes", async () => {
    const minted = await call("/v1/keys", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "ephemeral", retention: 0 }) });
    expect(minted.status).toBe(201);
    const { key, retention } = (await minted.json()) as { key: string; retention: string };
    expect(retention).toBe("none");
    const answer = await generate({ prompt: "nothing kept", seed: 6 }, key);
    await waitForStatus(answer.data[0]!.url, 410);
  });

  it("a shared file survives the purge of one of its generations, and purging twice is a no-op", async () => {
    const a = await generate({ prompt: "twin bytes", seed: 7 });
    const b = await generate({ prompt: "twin bytes", seed: 7 });
    const purge = () => call(`/v1/requests/${a.darkroom.id}/payloads`, { method: "DELETE" });
    const first = await purge();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ id: a.darkroom.id, deleted: true });
    expect(await status(a.data[0]!.url)).toBe(410);
    expect(await status(b.data[0]!.url)).toBe(200);
    const second = await purge();
    expect(second.status).toBe(200);
    expect(await status(b.data[0]!.url)).toBe(200);
    const openai = await call(`/openai/v1/generations/${b.darkroom.id}`, { method: "DELETE" });
    expect(await openai.json()).toEqual({ id: b.darkroom.id, object: "generation", deleted: true });
    expect(await status(b.data[0]!.url)).toBe(404);
    expect((await call(`/v1/generations/${b.darkroom.id}`, { method: "DELETE" })).status).toBe(200);
  });
});

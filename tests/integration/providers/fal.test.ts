import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../helpers/app";
import { falErrors, startFalFake, type FalFake } from "../../fakes/fal-fake";

let fake: FalFake;
let app: RunningApp;

beforeAll(async () => {
  fake = await startFalFake();
  app = await startApp({ FAL_KEY: fake.key, FAL_QUEUE_URL: fake.url, DARKROOM_POLL_INTERVAL_MS: "20" });
});
afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});
beforeEach(() => fake.reset());

const generate = (body: Record<string, unknown>) =>
  fetch(`${app.url}/v1/images/generations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

interface Generation {
  size: string;
  data: { url?: string; b64_json?: string; revised_prompt?: string }[];
  darkroom: { provider: string; seeds: (number | null)[]; attempts: { provider: string; status: string; images: number }[] };
}

describe("fal through the gateway", () => {
  it("generates Imagen 4 images through fal's queue, as base64", async () => {
    const res = await generate({ model: "fal/imagen-4.0-generate-001", prompt: "a lighthouse at dusk", aspect_ratio: "16:9", n: 2, seed: 9, response_format: "b64_json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-darkroom-provider")).toBe("fal");
    const body = (await res.json()) as Generation;
    expect(body.size).toBe("1408x768");
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      expect(await sharp(Buffer.from(item.b64_json!, "base64")).metadata()).toMatchObject({ width: 1408, height: 768 });
      expect(item.revised_prompt).toBeUndefined();
    }
    expect(body.darkroom.seeds).toEqual([9, 10]);
    expect(body.darkroom.attempts).toEqual([expect.objectContaining({ provider: "fal", status: "succeeded", images: 2 })]);
    const submit = fake.requests.find((r) => r.method === "POST")!;
    expect(submit.path).toBe("/fal-ai/imagen4/preview");
    expect(submit.body).toMatchObject({ aspect_ratio: "16:9", resolution: "1K", num_images: 2, seed: 9 });
  });

  it("serves a FLUX image downloaded from fal at its own URL", async () => {
    const res = await generate({ model: "fal/flux-schnell", prompt: "a red kite", aspect_ratio: "16:9", resolution: "0.5K", response_format: "url" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-darkroom-provider")).toBe("fal");
    const body = (await res.json()) as Generation;
    expect(body.size).toBe("512x288");
    expect(body.darkroom.attempts).toHaveLength(1);
    const image = await fetch(body.data[0]!.url!);
    expect(image.status).toBe(200);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ width: 512, height: 288 });
    expect(fake.requests.find((r) => r.method === "POST")!.body).toMatchObject({ image_size: { width: 512, height: 288 } });
  });

  it("answers a content-policy refusal with 400 content_policy_violation", async () => {
    fake.setScenario({ resultError: falErrors.contentPolicy });
    const res = await generate({ model: "fal/imagen-4.0-generate-001", prompt: "something fal refuses" });
    expect(res.status, await res.clone().text()).toBe(400);
    const body = (await res.json()) as { error: { code: string; type: string; message: string } };
    expect(body.error.code).toBe("content_policy_violation");
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("fal");
  });

  it("answers an upstream outage in the OpenAI error shape", async () => {
    fake.setScenario({ submitError: falErrors.runnerUnavailable });
    const res = await generate({ model: "fal/imagen-4.0-generate-001", prompt: "a lighthouse" });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { message: string; type: string; param: unknown; code: string } };
    expect(body.error).toMatchObject({ type: "service_unavailable", code: "provider_unavailable", message: expect.stringContaining("fal") });
    expect(body.error).toHaveProperty("param");
  });
});

import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../helpers/app";
import { startApiframeFake, type ApiframeFake } from "../../fakes/apiframe-fake";

interface GenerationBody {
  data: { url?: string; b64_json?: string }[];
  size: string;
  darkroom: { provider: string; warnings: { param?: string }[]; attempts: { provider: string; status: string }[] };
}
interface ErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

let fake: ApiframeFake;
let app: RunningApp;

const generate = (body: Record<string, unknown>) =>
  fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "apiframe/imagen-4.0-generate-001", prompt: "a lighthouse at dusk", ...body }),
  });

beforeAll(async () => {
  fake = await startApiframeFake();
  app = await startApp({ APIFRAME_API_KEY: fake.apiKey, APIFRAME_BASE_URL: fake.url, DARKROOM_POLL_INTERVAL_MS: "20", DARKROOM_RETRY_BASE_MS: "10" });
});

afterEach(() => fake.reset());

afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

describe("apiframe through the gateway", () => {
  it("makes n=2 as two parallel jobs at 2K, returned as base64", async () => {
    const response = await generate({ size: "2731x1536", n: 2, response_format: "b64_json" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("apiframe");
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("2816x1536");
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      expect(await sharp(Buffer.from(item.b64_json!, "base64")).metadata()).toMatchObject({ format: "png", width: 2816, height: 1536 });
    }
    expect(body.darkroom.attempts).toHaveLength(2);
    expect(body.darkroom.attempts.every((a) => a.provider === "apiframe" && a.status === "succeeded")).toBe(true);
    const submits = fake.requests.filter((r) => r.path === "/v2/images/generate");
    expect(submits.map((s) => s.body)).toEqual([
      { model: "imagen-4", prompt: "a lighthouse at dusk", imagenParams: { aspect_ratio: "16:9", output_format: "png", image_size: "2K" } },
      { model: "imagen-4", prompt: "a lighthouse at dusk", imagenParams: { aspect_ratio: "16:9", output_format: "png", image_size: "2K" } },
    ]);
  });

  it("delivers jpeg asked natively, behind a durable URL, and warns about an explicit seed", async () => {
    const response = await generate({ size: "1024x1024", output_format: "jpeg", seed: 5, response_format: "url" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("1024x1024");
    expect(body.darkroom.warnings.some((w) => w.param === "seed")).toBe(true);
    const url = body.data[0]!.url!;
    expect(url.startsWith(`${app.url}/images/`)).toBe(true);
    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ format: "jpeg", width: 1024, height: 1024 });
    expect((fake.requests.find((r) => r.path === "/v2/images/generate")!.body as { imagenParams: unknown }).imagenParams).toMatchObject({ output_format: "jpg" });
  });

  it("turns a content-policy job failure into a 400 content_policy_violation", async () => {
    fake.set({ scenario: "failed_policy" });
    const response = await generate({});
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("content_policy_violation");
  });

  it("reports an upstream outage as a 502/503 in the OpenAI error shape", async () => {
    fake.set({ scenario: "unavailable" });
    const response = await generate({});
    expect(response.status).toBe(503);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ type: expect.any(String), message: expect.stringContaining("apiframe") });
    expect(body.error).toMatchObject({ type: "service_unavailable", code: "provider_unavailable" });
  });
});

import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../helpers/app";
import { SENSITIVE_ERROR, startReplicateFake, type ReplicateFake } from "../../fakes/replicate-fake";

interface GenerationBody {
  data: { url?: string; b64_json?: string }[];
  size: string;
  output_format: string;
  darkroom: {
    provider: string;
    seeds: (number | null)[];
    warnings: { type: string; param?: string }[];
    ledger: { param: string; sent: unknown; handling: string }[];
    attempts: { provider: string; status: string; error_kind: string | null }[];
  };
}
interface ErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

let fake: ReplicateFake;
let app: RunningApp;

const generate = (body: Record<string, unknown>) =>
  fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "replicate/imagen-4.0-generate-001", prompt: "a lighthouse at dusk", ...body }),
  });

const creates = () => fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/predictions"));

beforeAll(async () => {
  fake = await startReplicateFake();
  app = await startApp({
    REPLICATE_API_TOKEN: fake.token,
    REPLICATE_BASE_URL: fake.url,
    DARKROOM_POLL_INTERVAL_MS: "20",
    DARKROOM_PROVIDER_TIMEOUT_MS: "2000",
    DARKROOM_RETRY_BASE_MS: "10",
    // The outage tests would otherwise open the circuit for the tests after them.
    DARKROOM_BREAKER_COOLDOWN_MS: "0",
  });
});

afterEach(() => fake.reset());

afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

describe("replicate through the gateway", () => {
  it("makes Imagen 4 images, one prediction each, returned as base64 at the native size", async () => {
    const response = await generate({ size: "1365x768", n: 2, response_format: "b64_json" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("replicate");
    const body = (await response.json()) as GenerationBody;
    expect(body.size).toBe("1408x768");
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      expect(await sharp(Buffer.from(item.b64_json!, "base64")).metadata()).toMatchObject({ width: 1408, height: 768 });
    }
    expect(body.darkroom.provider).toBe("replicate");
    expect(body.darkroom.seeds).toEqual([null, null]);
    expect(body.darkroom.attempts).toEqual([
      expect.objectContaining({ provider: "replicate", status: "succeeded" }),
      expect.objectContaining({ provider: "replicate", status: "succeeded" }),
    ]);
    expect(creates()).toHaveLength(2);
    for (const request of creates()) {
      expect(request.path).toBe("/v1/models/google/imagen-4/predictions");
      expect(request.body).toEqual({ input: { prompt: "a lighthouse at dusk", aspect_ratio: "16:9", image_size: "1K" } });
      expect(request.headers["cancel-after"]).toBe("2s");
    }
    expect(body.darkroom.ledger.find((e) => e.param === "size")).toMatchObject({ sent: { aspect_ratio: "16:9", image_size: "1K" } });
  });

  it("makes a FLUX batch in one prediction and serves it from durable URLs", async () => {
    const response = await generate({ model: "replicate/flux-schnell", aspect_ratio: "4:3", n: 2, seed: 5, output_format: "png", response_format: "url" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-darkroom-provider")).toBe("replicate");
    const body = (await response.json()) as GenerationBody;
    const [width, height] = fake.sizeFor("black-forest-labs/flux-schnell", { aspect_ratio: "4:3" });
    expect(body.size).toBe(`${width}x${height}`);
    expect(body.output_format).toBe("png");
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      const image = await fetch(item.url!);
      expect(image.status).toBe(200);
      expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ format: "png", width, height });
    }
    expect(body.darkroom.attempts).toEqual([expect.objectContaining({ provider: "replicate", status: "succeeded" })]);
    expect(body.darkroom.warnings).toContainEqual(expect.objectContaining({ param: "seed", type: "other" }));
    expect(creates()).toHaveLength(1);
    expect(creates()[0]!.body).toEqual({
      input: { prompt: "a lighthouse at dusk", aspect_ratio: "4:3", megapixels: "1", num_outputs: 2, seed: 5, output_format: "png" },
    });
  });

  it("answers a content-policy refusal with a 400 content_policy_violation", async () => {
    fake.setScenario({ outcome: "failed", error: SENSITIVE_ERROR });
    const response = await generate({});
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("content_policy_violation");
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/flagged as sensitive/);
  });

  it("answers an outage with 503, and a server error with 502, in the OpenAI error shape", async () => {
    fake.setScenario({ createError: { status: 503, body: { detail: "Service Unavailable", status: 503 } } });
    const unavailable = await generate({});
    expect(unavailable.status).toBe(503);
    const body = (await unavailable.json()) as ErrorBody;
    expect(body.error).toMatchObject({ type: "service_unavailable", code: "provider_unavailable" });
    expect(body.error.message).toMatch(/Replicate answered 503/);

    fake.setScenario({ createError: { status: 500, body: { detail: "Internal Server Error", status: 500 } } });
    const failed = await generate({});
    expect(failed.status).toBe(502);
    expect(((await failed.json()) as ErrorBody).error).toMatchObject({ type: "upstream_error", code: "all_providers_failed" });
  });

  it("gives up at the provider timeout and cancels the prediction", async () => {
    fake.setScenario({ outcome: "never" });
    const response = await generate({});
    expect(response.status).toBe(503);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.message).toMatch(/did not answer before the request timeout/);
    await fake.waitForRequest((r) => r.method === "POST" && r.path.endsWith("/cancel"));
  });
});

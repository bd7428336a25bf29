import OpenAI, { toFile } from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../helpers/app";

// The built app, as a user reaches it: multipart through Next's server, both mounts, the body cap.

let app: RunningApp;
beforeAll(async () => {
  app = await startApp({ DARKROOM_SIMULATOR: "on", DARKROOM_MAX_UPLOAD_BYTES: "3000000" });
});
afterAll(() => app?.dispose());

const png = (width = 768, height = 768) => sharp({ create: { width, height, channels: 3, background: "#2266aa" } }).png().toBuffer();

describe("POST /v1/images/edits on the running app", () => {
  it("serves the official SDK under /v1 and /openai/v1, and the edit's input file", async () => {
    for (const base of ["/v1", "/openai/v1"]) {
      const client = new OpenAI({ baseURL: `${app.url}${base}`, apiKey: "x", maxRetries: 0 });
      const result = await client.images.edit({ model: "gpt-image-1.5", image: await toFile(await png(), "in.png"), prompt: "a sunset", response_format: "url" });
      const url = result.data![0]!.url!;
      expect((await fetch(url)).headers.get("content-type")).toBe("image/png");
    }
  });

  it("answers curl-style multipart with typed fields, and serves the input picture back", async () => {
    const form = new FormData();
    form.append("image", new Blob([new Uint8Array(await png(600, 400))], { type: "image/png" }), "wide.png");
    form.append("prompt", "stars");
    form.append("model", "flux-kontext-pro");
    form.append("n", "2");
    form.append("seed", "9");
    const res = await fetch(`${app.url}/v1/images/edits`, { method: "POST", body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown[]; size: string; darkroom: { seeds: number[]; provider: string } };
    expect(body.data).toHaveLength(2);
    expect(body.darkroom).toMatchObject({ provider: "local", seeds: [9, 10] });
    expect(body.size).toBe("1248x832");
  });

  it("answers the OpenAI error shape for JSON, a GET, and a body over DARKROOM_MAX_UPLOAD_BYTES", async () => {
    const json = await fetch(`${app.url}/v1/images/edits`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(400);
    expect((await json.json()).error).toMatchObject({ code: "invalid_content_type", type: "invalid_request_error" });
    const get = await fetch(`${app.url}/v1/images/edits`);
    expect(get.status).toBe(405);
    const big = new FormData();
    big.append("image", new Blob([new Uint8Array(3_100_000)], { type: "image/png" }), "big.png");
    big.append("prompt", "x");
    const tooBig = await fetch(`${app.url}/v1/images/edits`, { method: "POST", body: big });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe("request_too_large");
  });

  it("names the field of a bad picture", async () => {
    const form = new FormData();
    form.append("image[]", new Blob([new Uint8Array(await png())], { type: "image/png" }), "a.png");
    form.append("image[]", new Blob([new TextEncoder().encode("GIF89a not really")], { type: "image/gif" }), "b.gif");
    form.append("prompt", "x");
    form.append("model", "gpt-image-1.5");
    const res = await fetch(`${app.url}/v1/images/edits`, { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ param: "image[1]", code: "invalid_image_type" });
  });
});

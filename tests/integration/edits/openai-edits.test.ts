import OpenAI, { toFile } from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-edits";
import { startOpenAIFake, type OpenAIFake } from "../../fakes/openai-fake";
import { useInProcessApp } from "../../helpers/in-process";

let fake: OpenAIFake;
beforeAll(async () => {
  fake = await startOpenAIFake({ apiKey: "sk-edits" });
  process.env.OPENAI_BASE_URL = fake.url;
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.setScenario({ kind: "success" });
  fake.requests.length = 0;
});

useInProcessApp({ OPENAI_API_KEY: "sk-edits" });

const client = new OpenAI({
  baseURL: "http://127.0.0.1/v1",
  apiKey: "x",
  fetch: ((input: RequestInfo | URL, init?: RequestInit) => POST(new Request(input, init), { params: Promise.resolve({}) })) as never,
  maxRetries: 0,
});

const png = (width = 1024, height = 1024, alpha = false) =>
  sharp({ create: { width, height, channels: alpha ? 4 : 3, background: { r: 10, g: 20, b: 30, alpha: alpha ? 0 : 1 } } }).png().toBuffer();

describe("OpenAI's images/edits through the gateway", () => {
  it("sends several images as image[], the mask and input_fidelity as multipart, and answers the fake's images", async () => {
    const result = await client.images.edit({
      model: "gpt-image-1.5",
      image: [await toFile(await png(), "a.png"), await toFile(await png(), "b.png")],
      mask: await toFile(await png(1024, 1024, true), "mask.png"),
      prompt: "a hat on the cat",
      input_fidelity: "high",
      quality: "low",
      n: 2,
    });
    const request = fake.requests.find((r) => r.path === "/v1/images/edits")!;
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(request.body).toMatchObject({ model: "gpt-image-1.5", prompt: "a hat on the cat", n: 2, size: "1024x1024", quality: "low", input_fidelity: "high" });
    expect(request.files!.map((f) => [f.field, f.type])).toEqual([["image[]", "image/png"], ["image[]", "image/png"], ["mask", "image/png"]]);
    expect(result.data).toHaveLength(2);
    expect(result.usage?.input_tokens).toBe(50);
    const darkroom = (result as unknown as { darkroom: { provider: string; simulated: boolean } }).darkroom;
    expect(darkroom).toMatchObject({ provider: "openai", simulated: false });
  });

  it("sends one image as image, and a jpeg keeps its type", async () => {
    const jpeg = await sharp({ create: { width: 1536, height: 1024, channels: 3, background: "#336699" } }).jpeg().toBuffer();
    const result = await client.images.edit({ model: "gpt-image-1.5", image: await toFile(jpeg, "wide.jpg"), prompt: "dusk" });
    const request = fake.requests.find((r) => r.path === "/v1/images/edits")!;
    expect(request.files!.map((f) => [f.field, f.type])).toEqual([["image", "image/jpeg"]]);
    expect(request.body!.size).toBe("1536x1024");
    expect(result.size).toBe("1536x1024");
  });

  it("answers OpenAI's moderation refusal as a content policy 400", async () => {
    fake.setScenario({ kind: "moderation" });
    const call = client.images.edit({ model: "gpt-image-1.5", image: await toFile(await png(), "a.png"), prompt: "something refused" });
    await expect(call).rejects.toMatchObject({ status: 400, error: { code: "content_policy_violation" } });
  });

  it("answers an upstream error of a pinned provider with its reason", async () => {
    fake.setScenario({ kind: "server_error", status: 500 });
    const call = client.images.edit({ model: "openai/gpt-image-1.5", image: await toFile(await png(), "a.png"), prompt: "a cat" });
    await expect(call).rejects.toMatchObject({ status: 502 });
    expect(fake.requests.filter((r) => r.path === "/v1/images/edits").length).toBeGreaterThanOrEqual(1);
  });

  it("never sends an edit to an offer that cannot edit (lumenfall is not configured; the pinned simulator edits instead)", async () => {
    const result = await client.images.edit({ model: "local/gpt-image-1.5", image: await toFile(await png(), "a.png"), prompt: "a cat" });
    expect((result as unknown as { darkroom: { provider: string } }).darkroom.provider).toBe("local");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("streamed edits on OpenAI", () => {
  it("passes OpenAI's partial images through as image_edit.partial_image events, then the completed images", async () => {
    const stream = await client.images.edit({ model: "openai/gpt-image-1.5", image: await toFile(await png(), "a.png"), prompt: "a kite", stream: true, partial_images: 2, n: 2 });
    const events = [];
    for await (const event of stream) events.push(event);
    const request = fake.requests.find((r) => r.path === "/v1/images/edits")!;
    expect(request.body).toMatchObject({ stream: "true", partial_images: 2, n: 2 });
    const partials = events.filter((e) => e.type === "image_edit.partial_image");
    expect(partials.map((e) => (e as { partial_image_index: number }).partial_image_index)).toEqual([0, 1, 0, 1]);
    expect((await sharp(Buffer.from((partials[0] as { b64_json: string }).b64_json, "base64")).metadata()).width).toBe(64);
    expect(events.filter((e) => e.type === "image_edit.completed")).toHaveLength(2);
    expect(events.at(-1)!.type).toBe("image_edit.completed");
  });

  it("asks OpenAI for no stream without partial_images, and still streams the completed events", async () => {
    const stream = await client.images.edit({ model: "openai/gpt-image-1.5", image: await toFile(await png(), "a.png"), prompt: "a kite", stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual(["image_edit.completed"]);
    expect(fake.requests.find((r) => r.path === "/v1/images/edits")!.body!.stream).toBeUndefined();
  });

  it("turns an error event in OpenAI's stream into an error event in ours, after the drafts it sent", async () => {
    fake.setScenario({ kind: "stream_error" });
    const stream = await client.images.edit({ model: "openai/gpt-image-1.5", image: await toFile(await png(), "a.png"), prompt: "refused later", stream: true, partial_images: 1 });
    const seen: string[] = [];
    const iterate = async () => {
      for await (const event of stream) seen.push(event.type);
    };
    await expect(iterate()).rejects.toMatchObject({ error: { code: "content_policy_violation" } });
    expect(seen).toEqual(["image_edit.partial_image"]);
  });

  it("refuses partial_images outside 0–3", async () => {
    const call = client.images.edit({ model: "openai/gpt-image-1.5", image: await toFile(await png(), "a.png"), prompt: "x", stream: true, partial_images: 5 });
    await expect(call).rejects.toMatchObject({ status: 400, error: { param: "partial_images" } });
  });
});

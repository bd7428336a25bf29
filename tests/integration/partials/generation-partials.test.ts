import OpenAI from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { startFalFake, type FalFake } from "../../fakes/fal-fake";
import { startOpenAIFake, type OpenAIFake } from "../../fakes/openai-fake";
import { useInProcessApp } from "../../helpers/in-process";

let fake: OpenAIFake;
let fal: FalFake;
beforeAll(async () => {
  fake = await startOpenAIFake({ apiKey: "sk-partials" });
  fal = await startFalFake();
  Object.assign(process.env, { OPENAI_BASE_URL: fake.url, FAL_KEY: fal.key, FAL_QUEUE_URL: fal.url });
});
afterAll(async () => {
  await fake?.close();
  await fal?.close();
});
beforeEach(() => {
  fake.setScenario({ kind: "success" });
  fake.requests.length = 0;
});

const db = useInProcessApp({ OPENAI_API_KEY: "sk-partials", DARKROOM_POLL_INTERVAL_MS: "20" });

const client = new OpenAI({
  baseURL: "http://127.0.0.1/v1",
  apiKey: "x",
  fetch: ((input: RequestInfo | URL, init?: RequestInit) => POST(new Request(input, init), { params: Promise.resolve({}) })) as never,
  maxRetries: 0,
});

type Event = { type: string; b64_json: string; partial_image_index?: number; size?: string; quality?: string; background?: string; output_format?: string; created_at: number };

async function events(stream: AsyncIterable<unknown>): Promise<Event[]> {
  const seen: Event[] = [];
  for await (const event of stream) seen.push(event as Event);
  return seen;
}

const latestWarnings = async () => {
  const row = await db().generation.findFirst({ orderBy: { createdAt: "desc" } });
  return row!.warnings as { param?: string; message: string }[];
};

describe("stream: true with partial_images on generations", () => {
  it("passes OpenAI's drafts through as image_generation.partial_image events before the completed image", async () => {
    const stream = await client.images.generate({ model: "openai/gpt-image-1.5", prompt: "a red kite", stream: true, partial_images: 2, quality: "low" });
    const seen = await events(stream);
    expect(seen.map((e) => e.type)).toEqual(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"]);
    expect(seen.slice(0, 2).map((e) => e.partial_image_index)).toEqual([0, 1]);
    expect(seen[0]).toMatchObject({ size: "1024x1024", quality: "medium", background: "opaque", output_format: "png" });
    expect(typeof seen[0]!.created_at).toBe("number");
    const draft = await sharp(Buffer.from(seen[0]!.b64_json, "base64")).metadata();
    expect(draft.width).toBe(64);
    const final = await sharp(Buffer.from(seen[2]!.b64_json, "base64")).metadata();
    expect(final.width).toBe(1024);
    const sent = fake.requests.find((r) => r.path === "/v1/images/generations")!;
    expect(sent.body).toMatchObject({ stream: true, partial_images: 2, model: "gpt-image-1.5" });
    expect((await latestWarnings()).filter((w) => w.param === "partial_images")).toEqual([]);
  });

  it("without partial_images streams only completed events and asks OpenAI for JSON", async () => {
    const seen = await events(await client.images.generate({ model: "openai/gpt-image-1.5", prompt: "a red kite", n: 2, stream: true }));
    expect(seen.map((e) => e.type)).toEqual(["image_generation.completed", "image_generation.completed"]);
    const sent = fake.requests.find((r) => r.path === "/v1/images/generations")!;
    expect(sent.body!.stream).toBeUndefined();
    expect(sent.body!.partial_images).toBeUndefined();
  });

  it("a provider without drafts sends none, and the generation's warnings say partial_images was not honoured", async () => {
    const stream = await client.images.generate({ model: "fal/flux-dev", prompt: "a red kite", stream: true, partial_images: 3 });
    const seen = await events(stream);
    expect(seen.map((e) => e.type)).toEqual(["image_generation.completed"]);
    const warnings = await latestWarnings();
    expect(warnings).toContainEqual(expect.objectContaining({ param: "partial_images", message: expect.stringMatching(/fal does not stream partial images/) }));
  });

  it("the simulator streams a generation's drafts, so it is not warned about", async () => {
    const seen = await events(await client.images.generate({ model: "local/flux-dev", prompt: "a red kite", n: 2, stream: true, partial_images: 3 }));
    expect(seen.filter((e) => e.type === "image_generation.partial_image").map((e) => e.partial_image_index)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(seen.slice(6).map((e) => e.type)).toEqual(["image_generation.completed", "image_generation.completed"]);
    expect((await latestWarnings()).filter((w) => w.param === "partial_images")).toEqual([]);
  });

  it("a non-streamed request's partial_images is not sent to OpenAI, and says so; stream: false says nothing", async () => {
    await client.images.generate({ model: "openai/gpt-image-1.5", prompt: "a red kite", partial_images: 2, stream: false } as never);
    const sent = fake.requests.find((r) => r.path === "/v1/images/generations")!;
    expect(sent.body!.partial_images).toBeUndefined();
    expect(sent.body!.stream).toBeUndefined();
    const warnings = (await latestWarnings()).filter((w) => w.param === "partial_images" || w.param === "stream");
    expect(warnings.map((w) => w.param)).toEqual(["partial_images"]);
    expect(warnings[0]!.message).toMatch(/applies to stream: true/);
  });

  it("refuses partial_images outside 0–3 before the stream opens", async () => {
    const call = client.images.generate({ model: "openai/gpt-image-1.5", prompt: "a red kite", stream: true, partial_images: 5 } as never);
    await expect(call).rejects.toMatchObject({ status: 400, error: { param: "partial_images" } });
  });
});

import OpenAI, { toFile } from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-edits";
import { startFalFake, type FalFake } from "../../fakes/fal-fake";
import { useInProcessApp } from "../../helpers/in-process";

let fal: FalFake;
beforeAll(async () => {
  fal = await startFalFake();
  Object.assign(process.env, { FAL_KEY: fal.key, FAL_QUEUE_URL: fal.url });
});
afterAll(() => fal?.close());

const db = useInProcessApp({ DARKROOM_POLL_INTERVAL_MS: "20" });

const client = new OpenAI({
  baseURL: "http://127.0.0.1/v1",
  apiKey: "x",
  fetch: ((input: RequestInfo | URL, init?: RequestInit) => POST(new Request(input, init), { params: Promise.resolve({}) })) as never,
  maxRetries: 0,
});

const picture = async () => toFile(await sharp({ create: { width: 512, height: 512, channels: 3, background: "#446688" } }).png().toBuffer(), "in.png");

async function events(stream: AsyncIterable<unknown>): Promise<string[]> {
  const types: string[] = [];
  for await (const event of stream) types.push((event as { type: string }).type);
  return types;
}

const partialWarnings = async () => {
  const row = await db().generation.findFirst({ orderBy: { createdAt: "desc" } });
  return (row!.warnings as { param?: string; message: string }[]).filter((w) => w.param === "partial_images");
};

describe("streamed edits with partial_images on providers without drafts", () => {
  it("fal sends no drafts: only the completed event, and a partial_images warning on the generation", async () => {
    const stream = await client.images.edit({ model: "fal/flux-kontext-pro", image: await picture(), prompt: "snow", stream: true, partial_images: 2 });
    expect(await events(stream)).toEqual(["image_edit.completed"]);
    expect(await partialWarnings()).toEqual([expect.objectContaining({ message: expect.stringMatching(/fal does not stream partial images/) })]);
  });

  it("the simulator streams an edit's drafts, so it is not warned about", async () => {
    const stream = await client.images.edit({ model: "local/flux-kontext-pro", image: await picture(), prompt: "snow", stream: true, partial_images: 2 });
    expect(await events(stream)).toEqual(["image_edit.partial_image", "image_edit.partial_image", "image_edit.completed"]);
    expect(await partialWarnings()).toEqual([]);
  });
});

import OpenAI from "openai";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { useInProcessApp } from "../helpers/in-process";

const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
  POST(new Request(input, init), { params: Promise.resolve({}) });

useInProcessApp();

const client = new OpenAI({ baseURL: "http://127.0.0.1/v1", apiKey: "x", fetch: inProcessFetch as never, maxRetries: 0 });

describe("stream: true through the official SDK", () => {
  it("iterates one image_generation.completed event per image", async () => {
    const stream = await client.images.generate({ model: "flux-dev", prompt: "a red kite", n: 2, size: "1024x1024", stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual(["image_generation.completed", "image_generation.completed"]);
    const first = events[0] as { b64_json: string; size: string };
    const meta = await sharp(Buffer.from(first.b64_json, "base64")).metadata();
    expect(meta.width).toBe(1024);
    expect(first.size).toBe("1024x1024");
  });

  it("streams the simulator's drafts with partial_images, before each completed image", async () => {
    const stream = await client.images.generate({ model: "flux-dev", prompt: "a red kite", size: "1024x1024", stream: true, partial_images: 2 });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"]);
    const drafts = events.slice(0, 2) as { b64_json: string; partial_image_index: number }[];
    expect(drafts.map((e) => e.partial_image_index)).toEqual([0, 1]);
    const draft = Buffer.from(drafts[0]!.b64_json, "base64");
    expect((await sharp(draft).metadata()).width).toBe(1024);
    expect(draft.equals(Buffer.from((events[2] as { b64_json: string }).b64_json, "base64"))).toBe(false);
  });

  it("turns a failure after the stream opened into an OpenAI-shaped error event", async () => {
    const stream = await client.images.generate({ model: "no-such-model", prompt: "a red kite", stream: true });
    const iterate = async () => {
      for await (const _ of stream) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ error: { type: "not_found_error" } });
  });
});

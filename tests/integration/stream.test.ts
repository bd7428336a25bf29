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

  it("turns a failure after the stream opened into an OpenAI-shaped error event", async () => {
    const stream = await client.images.generate({ model: "no-such-model", prompt: "a red kite", stream: true });
    const iterate = async () => {
      for await (const _ of stream) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ error: { type: "not_found_error" } });
  });
});

import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateImage } from "ai";
import OpenAI from "openai";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { useInProcessApp } from "../../helpers/in-process";

// The clients people point at an OpenAI-compatible base URL, talking to the real route handler in-process.
const sent: Record<string, unknown>[] = [];

const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const req = new Request(input, init);
  sent.push(JSON.parse(await req.clone().text()));
  return POST(req, { params: Promise.resolve({}) });
};

useInProcessApp();

describe("native response_format defaults", () => {
  it("answers GPT image models with b64_json when the request names none, as OpenAI does", async () => {
    const client = new OpenAI({ baseURL: "http://127.0.0.1/v1", apiKey: "x", fetch: inProcessFetch as never, maxRetries: 0 });
    const gpt = await client.images.generate({ model: "gpt-image-1-mini", prompt: "a teapot" });
    expect(gpt.data?.[0]?.b64_json).toBeTruthy();
    expect(gpt.data?.[0]?.url).toBeUndefined();
    const flux = await client.images.generate({ model: "flux-dev", prompt: "a teapot" });
    expect(flux.data?.[0]?.url).toMatch(/\/images\/img_/);
    const explicit = await client.images.generate({ model: "gpt-image-1-mini", prompt: "a teapot", response_format: "url" });
    expect(explicit.data?.[0]?.url).toMatch(/\/images\/img_/);
  });
});

describe("Vercel AI SDK", () => {
  it("createOpenAI generates with a GPT image model", async () => {
    const openai = createOpenAI({ baseURL: "http://127.0.0.1/v1", apiKey: "x", fetch: inProcessFetch });
    const { image } = await generateImage({ model: openai.image("gpt-image-1"), prompt: "a lighthouse at dusk", size: "1024x1024" });
    const meta = await sharp(Buffer.from(image.base64, "base64")).metadata();
    expect(meta.format).toBe("png");
    expect(meta.width).toBe(1024);
  });

  it("createOpenAICompatible passes seed and aspect ratio through providerOptions", async () => {
    const darkroom = createOpenAICompatible({ name: "darkroom", baseURL: "http://127.0.0.1/v1", apiKey: "x", fetch: inProcessFetch });
    const run = () =>
      generateImage({ model: darkroom.imageModel("flux-dev"), prompt: "a koi pond", providerOptions: { darkroom: { seed: 4242, aspect_ratio: "16:9" } } });
    const first = await run();
    const body = sent.at(-1)!;
    expect(body).toMatchObject({ model: "flux-dev", seed: 4242, aspect_ratio: "16:9" });
    const meta = await sharp(Buffer.from(first.image.base64, "base64")).metadata();
    expect(meta.width! / meta.height!).toBeCloseTo(16 / 9, 1);
    const second = await run();
    expect(second.image.base64).toBe(first.image.base64);
  });
});

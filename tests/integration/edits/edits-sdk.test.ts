import OpenAI, { toFile } from "openai";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-edits";
import { useInProcessApp } from "../../helpers/in-process";

const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
  POST(new Request(input, init), { params: Promise.resolve({}) });

const prisma = useInProcessApp();

const client = new OpenAI({ baseURL: "http://127.0.0.1/v1", apiKey: "x", fetch: inProcessFetch as never, maxRetries: 0 });

/** A flat grey picture: any change the edit makes shows against it. */
const grey = (width = 1024, height = 1024, format: "png" | "jpeg" | "webp" = "png") =>
  sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 } } })[format]().toBuffer();

/** A mask whose left half is transparent (change here) and right half opaque (keep). */
const leftHalfMask = (width = 1024, height = 1024) => {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[(y * width + x) * 4 + 3] = x < width / 2 ? 0 : 255;
  return sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
};

const pixelsOf = async (b64: string) => sharp(Buffer.from(b64, "base64")).removeAlpha().raw().toBuffer({ resolveWithObject: true });

describe("POST /v1/images/edits through the official SDK (images.edit)", () => {
  it("edits one image: the simulator's tint changes it, deterministically, and the gallery records an edit", async () => {
    const image = await toFile(await grey(), "grey.png", { type: "image/png" });
    const first = await client.images.edit({ model: "gpt-image-1.5", image, prompt: "paint it orange", seed: 7 } as never);
    expect(first.data).toHaveLength(1);
    const { data, info } = await pixelsOf(first.data![0]!.b64_json!);
    expect(info.width).toBe(1024);
    expect([data[0], data[1], data[2]]).not.toEqual([128, 128, 128]);

    const again = await client.images.edit({ model: "gpt-image-1.5", image: await toFile(await grey(), "grey.png"), prompt: "paint it orange", seed: 7 } as never);
    expect(again.data![0]!.b64_json).toBe(first.data![0]!.b64_json);

    const id = (first as unknown as { darkroom: { id: string } }).darkroom.id;
    const row = await prisma().generation.findUniqueOrThrow({ where: { id }, include: { inputs: true } });
    expect(row.operation).toBe("edit");
    expect(row.source).toBe("api");
    expect(row.inputs).toHaveLength(1);
    expect(row.inputs[0]).toMatchObject({ role: "image", format: "png", width: 1024, height: 1024, position: 0 });
  });

  it("takes several images as image[] and records each in order", async () => {
    const images = [await toFile(await grey(), "a.png"), await toFile(await grey(640, 480, "jpeg"), "b.jpg"), await toFile(await grey(300, 300, "webp"), "c.webp")];
    const result = await client.images.edit({ model: "gpt-image-1.5", image: images, prompt: "combine them", n: 2 });
    expect(result.data).toHaveLength(2);
    const id = (result as unknown as { darkroom: { id: string } }).darkroom.id;
    const inputs = await prisma().generationInput.findMany({ where: { generationId: id }, orderBy: { position: "asc" } });
    expect(inputs.map((i) => [i.format, i.width, i.height])).toEqual([["png", 1024, 1024], ["jpeg", 640, 480], ["webp", 300, 300]]);
  });

  it("changes only the transparent area of a mask", async () => {
    const result = await client.images.edit({
      model: "gpt-image-1.5",
      image: await toFile(await grey(), "grey.png"),
      mask: await toFile(await leftHalfMask(), "mask.png"),
      prompt: "a red wall on the left",
    });
    const { data } = await pixelsOf(result.data![0]!.b64_json!);
    const at = (x: number, y: number) => [...data.subarray((y * 1024 + x) * 3, (y * 1024 + x) * 3 + 3)];
    expect(at(100, 500)).not.toEqual([128, 128, 128]);
    expect(at(900, 500)).toEqual([128, 128, 128]);
    expect(at(1023, 0)).toEqual([128, 128, 128]);
  });

  it("streams image_edit.completed events, with and without partial_images", async () => {
    for (const partial of [undefined, 2]) {
      const stream = await client.images.edit({
        model: "gpt-image-1.5",
        image: await toFile(await grey(), "grey.png"),
        prompt: "a blue sky",
        n: 2,
        stream: true,
        ...(partial === undefined ? {} : { partial_images: partial }),
      });
      const events = [];
      for await (const event of stream) events.push(event);
      // With partial_images the simulator sends blurred drafts of each image before the images themselves.
      const drafts = events.filter((e) => e.type === "image_edit.partial_image");
      expect(drafts).toHaveLength(partial === undefined ? 0 : 4);
      expect(events.slice(drafts.length).map((e) => e.type)).toEqual(["image_edit.completed", "image_edit.completed"]);
      const meta = await sharp(Buffer.from((events[0] as { b64_json: string }).b64_json, "base64")).metadata();
      expect(meta.width).toBe(1024);
    }
  });

  it("keeps the input's shape when no size is given", async () => {
    const result = await client.images.edit({ model: "gpt-image-1.5", image: await toFile(await grey(1536, 1024), "wide.png"), prompt: "wider" });
    expect(result.size).toBe("1536x1024");
  });

  it("replays an edit for the same Idempotency-Key and pictures, and refuses the key with other pictures", async () => {
    const params = { model: "gpt-image-1.5", prompt: "replay me", response_format: "url" } as const;
    const first = await client.images.edit({ ...params, image: await toFile(await grey(), "a.png") }, { headers: { "Idempotency-Key": "edit-key-1" } });
    const again = await client.images.edit({ ...params, image: await toFile(await grey(), "b.png") }, { headers: { "Idempotency-Key": "edit-key-1" } });
    const idOf = (r: unknown) => (r as { darkroom: { id: string } }).darkroom.id;
    expect(idOf(again)).toBe(idOf(first));
    const other = client.images.edit({ ...params, image: await toFile(await grey(512, 512), "c.png") }, { headers: { "Idempotency-Key": "edit-key-1" } });
    await expect(other).rejects.toMatchObject({ error: { code: "idempotency_key_reused" } });
  });

  it("answers a model that cannot edit with model_not_editable, listing models that can", async () => {
    const call = client.images.edit({ model: "imagen-4.0-generate-001", image: await toFile(await grey(), "grey.png"), prompt: "x" });
    await expect(call).rejects.toMatchObject({ status: 400, error: { code: "model_not_editable", param: "model" } });
    await call.catch((error: { error: { message: string } }) => expect(error.error.message).toContain("gpt-image-1.5"));
  });

  it("does not let the pinned simulator edit a model no real provider edits", async () => {
    const call = client.images.edit({ model: "local/imagen-4.0-generate-001", image: await toFile(await grey(), "g.png"), prompt: "x" });
    await expect(call).rejects.toMatchObject({ status: 400, error: { code: "model_not_editable" } });
  });
});

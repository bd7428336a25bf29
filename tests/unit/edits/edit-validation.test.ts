import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readEditForm } from "@/lib/api/edit-form";
import { asApiError } from "@/lib/api/errors";
import { checkEditImage, checkMask, loadEditInputs, EDIT_LIMITS } from "@/lib/services/edit-inputs";
import type { ImageStorage } from "@/lib/storage/storage";

const png = (width = 64, height = 64, alpha = false) =>
  sharp({ create: { width, height, channels: alpha ? 4 : 3, background: { r: 1, g: 2, b: 3, alpha: alpha ? 0.5 : 1 } } }).png().toBuffer();

const file = (bytes: Uint8Array, name: string, type = "application/octet-stream") => new File([new Uint8Array(bytes)], name, { type });

function formRequest(form: FormData, headers: Record<string, string> = {}) {
  return new Request("http://x/v1/images/edits", { method: "POST", body: form, headers });
}

/** What the API answers for a thrown error: status and OpenAI body. */
async function answerOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  const api = asApiError(error);
  if (!api) throw new Error(`expected an API error, got ${String(error)}`);
  return { status: api.status, ...api.toBody().error };
}

const viewer = { kind: "local" } as const;

const memoryStorage = (): ImageStorage & { keys: string[] } => {
  const keys: string[] = [];
  return {
    keys,
    put: async (_bytes, ext) => {
      const key = `${"a".repeat(64)}.${ext}`;
      keys.push(key);
      return key;
    },
    putAt: async () => {},
    has: async () => false,
    read: async () => Buffer.alloc(0),
    open: async () => undefined,
    remove: async () => {},
  };
};

describe("readEditForm: OpenAI's multipart fields", () => {
  it("collects image and image[] files, the mask, and types numbers and booleans sent as text", async () => {
    const form = new FormData();
    form.append("image[]", file(await png(), "a.png"));
    form.append("image[]", file(await png(), "b.png"));
    form.append("mask", file(await png(64, 64, true), "m.png"));
    for (const [k, v] of Object.entries({ prompt: "p", n: "3", seed: "42", stream: "true", store: "false", output_compression: "80", background: "transparent" })) form.append(k, v);
    form.append("provider_order[]", "openai");
    form.append("provider_order[]", "local");
    const parsed = await readEditForm(formRequest(form), 10_000_000);
    expect(parsed.images).toHaveLength(2);
    expect(parsed.mask).toBeDefined();
    expect(parsed.body).toEqual({ prompt: "p", n: 3, seed: 42, stream: true, store: false, output_compression: 80, background: "transparent", provider_order: ["openai", "local"] });
  });

  it("keeps a non-numeric n as text, so the schema names the field", async () => {
    const form = new FormData();
    form.append("image", file(await png(), "a.png"));
    form.append("n", "two");
    expect((await readEditForm(formRequest(form), 10_000_000)).body.n).toBe("two");
  });

  it("takes a gallery image id in place of a file", async () => {
    const form = new FormData();
    form.append("image", "img_abc123");
    expect((await readEditForm(formRequest(form), 10_000_000)).images).toEqual([{ imageId: "img_abc123" }]);
  });

  it("refuses JSON, a body over the cap, a file in a text field and two masks", async () => {
    const json = new Request("http://x/v1/images/edits", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(await answerOf(readEditForm(json, 1000))).toMatchObject({ status: 400, code: "invalid_content_type" });

    const big = new FormData();
    big.append("image", file(new Uint8Array(5000), "a.png"));
    expect(await answerOf(readEditForm(formRequest(big), 1000))).toMatchObject({ status: 413, code: "request_too_large" });

    const stray = new FormData();
    stray.append("prompt", file(await png(), "p.png"));
    expect(await answerOf(readEditForm(formRequest(stray), 10_000_000))).toMatchObject({ status: 400, param: "prompt", code: "unexpected_file" });

    const masks = new FormData();
    masks.append("mask", file(await png(64, 64, true), "m.png"));
    masks.append("mask", file(await png(64, 64, true), "n.png"));
    expect(await answerOf(readEditForm(formRequest(masks), 10_000_000))).toMatchObject({ status: 400, param: "mask", code: "invalid_mask" });
  });

  it("refuses a text value that is neither a file nor a gallery id", async () => {
    const form = new FormData();
    form.append("image", "https://example.com/cat.png");
    expect(await answerOf(readEditForm(formRequest(form), 10_000_000))).toMatchObject({ status: 400, param: "image", code: "invalid_image" });
  });
});

describe("checkEditImage: type from the bytes, byte and pixel caps", () => {
  it("accepts png, jpeg and webp whatever they are called", async () => {
    const base = sharp({ create: { width: 30, height: 20, channels: 3, background: "#123456" } });
    for (const format of ["png", "jpeg", "webp"] as const) {
      const bytes = await base.clone()[format]().toBuffer();
      expect(await checkEditImage(bytes, "image")).toMatchObject({ format, width: 30, height: 20 });
    }
  });

  it("refuses gif, avif-like and random bytes with invalid_image_type naming the field", async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).gif().toBuffer();
    expect(await answerOf(checkEditImage(gif, "image[2]"))).toMatchObject({ status: 400, param: "image[2]", code: "invalid_image_type" });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 256 }), async (bytes) => {
        // Anything that does not start like a png, jpeg or webp is refused, never decoded.
        fc.pre(!(bytes[0] === 0x89 || bytes[0] === 0xff || bytes[0] === 0x52));
        const answer = await answerOf(checkEditImage(bytes, "image"));
        expect(answer).toMatchObject({ status: 400, param: "image", code: "invalid_image_type" });
      }),
      { numRuns: 60 },
    );
  });

  it("refuses a truncated png as undecodable and a file over the byte cap as too large", async () => {
    const bytes = await png(200, 200);
    expect(await answerOf(checkEditImage(bytes.subarray(0, 40), "image"))).toMatchObject({ status: 400, code: "invalid_image" });
    expect(await answerOf(checkEditImage(bytes, "image", 100))).toMatchObject({ status: 400, code: "image_too_large" });
  });

  it("refuses a picture beyond the pixel cap from its header", async () => {
    const side = Math.ceil(Math.sqrt(EDIT_LIMITS.maxPixels)) + 10;
    const huge = await sharp({ create: { width: side, height: side, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(await answerOf(checkEditImage(huge, "image"))).toMatchObject({ status: 400, code: "image_too_large" });
  }, 60_000);
});

describe("checkMask and loadEditInputs", () => {
  it("wants a png with alpha of the first image's size", async () => {
    const first = { width: 64, height: 64 };
    const jpegMask = await checkEditImage(await sharp({ create: { width: 64, height: 64, channels: 3, background: "#fff" } }).jpeg().toBuffer(), "mask");
    expect(() => checkMask(jpegMask, first)).toThrow(/must be a png/);
    const opaque = await checkEditImage(await png(64, 64, false), "mask");
    expect(() => checkMask(opaque, first)).toThrow(/no alpha channel/);
    const smaller = await checkEditImage(await png(32, 64, true), "mask");
    expect(await answerOf(Promise.reject(catchSync(() => checkMask(smaller, first))))).toMatchObject({ status: 400, param: "mask", code: "mask_size_mismatch" });
    expect(() => checkMask(smaller, { width: 32, height: 64 })).not.toThrow();
  });

  it("refuses no image and too many, and stores nothing when any input is bad", async () => {
    const storage = memoryStorage();
    expect(await answerOf(loadEditInputs([], undefined, { storage, viewer }))).toMatchObject({ code: "missing_image", param: "image" });
    const many = Array.from({ length: EDIT_LIMITS.maxImages + 1 }, () => ({ bytes: new Uint8Array(1) }));
    expect(await answerOf(loadEditInputs(many, undefined, { storage, viewer }))).toMatchObject({ code: "too_many_images" });
    const good = { bytes: await png(64, 64) };
    expect(await answerOf(loadEditInputs([good], { bytes: await png(48, 48, true) }, { storage, viewer }))).toMatchObject({ code: "mask_size_mismatch" });
    expect(await answerOf(loadEditInputs([good, { bytes: new Uint8Array([1, 2, 3]) }], undefined, { storage, viewer }))).toMatchObject({ param: "image[1]", code: "invalid_image_type" });
    expect(storage.keys).toHaveLength(0);
    const loaded = await loadEditInputs([good], { bytes: await png(64, 64, true) }, { storage, viewer });
    expect(loaded.images[0]).toMatchObject({ format: "png", width: 64, height: 64, mediaType: "image/png" });
    expect(storage.keys).toEqual([`${"a".repeat(64)}.png`, `${"a".repeat(64)}.png`]);
  });
});

function catchSync(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

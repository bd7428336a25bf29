import exifr from "exifr";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { embedMetadata, readImageSettings, type ImageSettings } from "@/lib/images/metadata";
import { formatInfotext, parseInfotext } from "@/lib/images/metadata-infotext";

const settings: ImageSettings = {
  prompt: 'a lighthouse at dusk, "Darkroom" on the wall — ünïcödé ✓',
  negativePrompt: "blur, text",
  seed: 4294967295,
  size: "1408x768",
  model: "imagen-4.0-generate-001",
  provider: "local",
  generationId: "gen_01hx0000000000000000000000",
};

const base = (format: "png" | "jpeg" | "webp" | "avif") =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: "#336699" } })[format]().toBuffer();

describe("parameters in the file", () => {
  for (const format of ["png", "jpeg", "webp", "avif"] as const) {
    it(`round-trips through ${format}`, async () => {
      const written = Buffer.from(await embedMetadata(await base(format), format, settings));
      expect(readImageSettings(written)).toEqual(settings);
      // The file is still an image of the same size.
      expect(await sharp(written).metadata()).toMatchObject({ width: 32, height: 24 });
      // An independent reader sees it too: PNG text chunks, or the XMP packet.
      if (format === "png") {
        // exifr reads tEXt (what A1111 writes for Latin-1 text), not a UTF-8 iTXt: check the spec's layout instead.
        const latin = Buffer.from(await embedMetadata(await base(format), format, { ...settings, prompt: "a plain prompt" }));
        expect((await exifr.parse(latin, true)).parameters).toBe(`a plain prompt\nNegative prompt: blur, text\nSeed: 4294967295, Size: 1408x768, Model: imagen-4.0-generate-001, Provider: local, Darkroom generation: gen_01hx0000000000000000000000`);
        const itxt = written.indexOf("iTXtparameters");
        expect(itxt).toBeGreaterThan(0);
        expect([...written.subarray(itxt + 14, itxt + 19)]).toEqual([0, 0, 0, 0, 0]);
        expect(written.subarray(itxt + 19, itxt + 19 + Buffer.byteLength(settings.prompt)).toString("utf8")).toBe(settings.prompt);
      } else expect(JSON.stringify((await sharp(written).metadata()).xmp?.toString() ?? "")).toContain("gen_01hx0000000000000000000000");
    });
  }

  it("reads A1111's own infotext", () => {
    const a1111 = "masterpiece, a cat\nNegative prompt: lowres, bad hands\nSteps: 20, Sampler: DPM++ 2M, CFG scale: 7, Seed: 1234, Size: 512x768, Model hash: abc, Model: sd_xl_base_1.0";
    expect(parseInfotext(a1111)).toMatchObject({ prompt: "masterpiece, a cat", negativePrompt: "lowres, bad hands", seed: 1234, size: "512x768", model: "sd_xl_base_1.0" });
  });

  it("infotext round-trips any prompt", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((p) => p.trim() === p && !p.includes("\n") && !p.startsWith("Negative prompt:")), fc.nat(), (prompt, seed) => {
        expect(parseInfotext(formatInfotext({ prompt, seed, model: "flux-dev" }))).toMatchObject({ prompt, seed, model: "flux-dev" });
      }),
    );
  });
});

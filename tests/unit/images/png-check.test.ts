import fc from "fast-check";
import sharp from "sharp";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkPng } from "@/lib/images/png-check.mjs";
import { keepDecodable, verifyImage } from "@/lib/images/verify";

const photo = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#2a6f97" } })
  .composite([{ input: Buffer.from('<svg width="320" height="200"><circle cx="150" cy="90" r="70" fill="#f4a261"/></svg>') }])
  .png()
  .toBuffer();

/** A chunk with its length and a correct CRC: damage that a checksum cannot see. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** The chunks of a PNG, as [type, data]. */
function chunks(png: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    out.push([png.toString("latin1", at + 4, at + 8), png.subarray(at + 8, at + 8 + length)]);
    at += 12 + length;
  }
  return out;
}

const rebuild = (parts: [string, Buffer][]) => Buffer.concat([photo.subarray(0, 8), ...parts.map(([type, data]) => chunk(type, data))]);

describe("checkPng", () => {
  it.each([
    ["RGB", sharp({ create: { width: 37, height: 11, channels: 3, background: "#123456" } }).png()],
    ["RGBA 16-bit", sharp({ create: { width: 9, height: 40, channels: 4, background: "#12345680" } }).png().toColourspace("rgb16")],
    ["palette", sharp({ create: { width: 64, height: 64, channels: 3, background: "#336699" } }).png({ palette: true })],
    ["interlaced", sharp({ create: { width: 50, height: 30, channels: 3, background: "#abcdef" } }).png({ progressive: true })],
    ["greyscale", sharp({ create: { width: 5, height: 7, channels: 3, background: "#777777" } }).greyscale().png()],
  ])("accepts a whole %s PNG with the size sharp reads", async (_kind, pipeline) => {
    const png = await pipeline.toBuffer();
    const meta = await sharp(png).metadata();
    expect(checkPng(png)).toEqual({ width: meta.width, height: meta.height });
  });

  it("refuses the PNG cut at any length", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: photo.length - 1 }), (length) => {
      expect(() => checkPng(photo.subarray(0, length))).toThrow();
    }));
  });

  it("refuses the PNG with any one byte changed", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: photo.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
      const damaged = Buffer.from(photo);
      damaged[at]! ^= flip;
      expect(() => checkPng(damaged)).toThrow();
    }));
  });

  it("refuses structural damage that every checksum passes", () => {
    const parts = chunks(photo);
    const header = parts[0]![1];
    const withDepth = Buffer.from(header);
    withDepth[8] = 3;
    const idat = parts.findIndex(([type]) => type === "IDAT");
    const [kind, data] = parts[idat]!;
    const halves: [string, Buffer][] = [[kind, data.subarray(0, 10)], ["tEXt", Buffer.from("a\0b")], [kind, data.subarray(10)]];
    const cases: [string, [string, Buffer][], RegExp][] = [
      ["a bit depth that does not exist", [["IHDR", withDepth], ...parts.slice(1)], /encoding that does not exist/],
      ["image data split by another chunk", [...parts.slice(0, idat), ...halves, ...parts.slice(idat + 1)], /split/],
      ["no image data", parts.filter(([type]) => type !== "IDAT"), /no image data/],
      ["image data that is not zlib", parts.map(([type, d]): [string, Buffer] => (type === "IDAT" ? [type, Buffer.alloc(d.length, 0xff)] : [type, d])), /zlib/],
      ["a header that is not first", [parts[1] ?? parts.at(-1)!, ...parts], /header chunk/],
    ];
    for (const [, built, message] of cases) expect(() => checkPng(rebuild(built))).toThrow(message);
  });

  it("refuses a 16000×16000 PNG from its header", async () => {
    const huge = await sharp({ create: { width: 16000, height: 16000, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(() => checkPng(huge)).toThrow(/pixel limit/);
  });
});

describe("verifyImage", () => {
  it("checks PNG by structure and decodes the formats without checksums", async () => {
    const jpeg = await sharp(photo).jpeg().toBuffer();
    await expect(verifyImage(photo)).resolves.toEqual({ width: 320, height: 200 });
    await expect(verifyImage(jpeg)).resolves.toEqual({ width: 320, height: 200 });
    await expect(verifyImage(jpeg.subarray(0, jpeg.length - 400))).rejects.toThrow(/does not decode/);
  });

  it("keeps the good images of a call with their sizes and gives the reasons for the others", async () => {
    const { kept, rejected } = await keepDecodable([{ bytes: photo, n: 1 }, { bytes: photo.subarray(0, photo.length - 100), n: 2 }]);
    expect(kept.map((k) => [k.n, k.width, k.height])).toEqual([[1, 320, 200]]);
    expect(rejected).toEqual([expect.stringMatching(/truncated/)]);
  });
});

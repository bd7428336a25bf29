import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { textPath } from "@/lib/providers/local/text-paths";

const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const SIZE = 96;

/** How many pixels a path covers when filled white on black. */
async function ink(d: string): Promise<number> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}"><rect width="${SIZE}" height="${SIZE}" fill="#000"/><path d="${d}" fill="#fff"/></svg>`;
  const { data } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (const v of data) sum += v;
  return sum / 255;
}

describe("simulator glyphs", () => {
  it("path data holds only finite numbers at any position and size", () => {
    fc.assert(
      fc.property(fc.constantFrom(...printable), fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 8, max: 300, noNaN: true }), (char, x, size) => {
        expect(textPath(char, x, 400, size)).not.toMatch(/NaN|Infinity|e[+-]/);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the '142' that used to end in a blob", () => {
    // The size and offset of the reported image (imagen-4.0-fast-generate-001, 16:9, seed 1579749807).
    expect(textPath("142", 570.575, 437.76, 153.60000000000002)).not.toContain("NaN");
  });

  it("draws every printable ASCII character as its glyph wherever it lands", async () => {
    for (const char of printable) {
      const reference = await ink(textPath(char, 20, 70, 60));
      // A fractional offset changes anti-aliasing by a few pixels, never a glyph's shape.
      for (const dx of [0.123457, 0.5000001, 0.9999999]) {
        const shifted = await ink(textPath(char, 20 + dx, 70 + dx, 60));
        expect(Math.abs(shifted - reference), `${JSON.stringify(char)} at +${dx}`).toBeLessThanOrEqual(Math.max(3, reference * 0.03));
      }
    }
  });
});

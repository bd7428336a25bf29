import sharp from "sharp";

/** mulberry32: the same pixels on every run and machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * A deterministic photo-like PNG: overlapping smooth gradients (optionally with grain) that compress like a
 * generated picture: 1.7 MB at 1024×1024, the size class of a gpt-image PNG. A flat colour (what the test
 * fake draws) is 16 KB and would hide every per-byte cost: base64, hashing, file writes, decodes.
 */
export async function photoLikePng(width = 1024, height = 1024, seed = 20261123, grain = 0): Promise<Buffer> {
  const random = prng(seed);
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const n = (random() - 0.5) * grain;
      raw[i] = clamp(128 + 100 * Math.sin(x / 90 + y / 170) + n);
      raw[i + 1] = clamp(120 + 90 * Math.sin(y / 60) * Math.cos(x / 130) + n);
      raw[i + 2] = clamp(110 + 80 * Math.cos((x + y) / 200) + n);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

import sharp from "sharp";
import { prng } from "@/lib/prng";

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

/**
 * A deterministic detailed PNG: eight octaves of value noise per channel (a 1/f-like spectrum, as natural
 * pictures have), 2.9 MB at 1024×1024. Lossy encoders work harder on it than on photoLikePng's gradients:
 * the image-pipeline figures use it so they err on the slow side.
 */
export async function detailedPng(width = 1024, height = 1024, seed = 20261123): Promise<Buffer> {
  const random = prng(seed);
  const field = new Float32Array(width * height * 3);
  let amplitude = 1;
  for (let octave = 0; octave < 8; octave++) {
    const cell = Math.max(1, Math.round(256 / 2 ** octave));
    const gw = Math.ceil(width / cell) + 2;
    const gh = Math.ceil(height / cell) + 2;
    for (let c = 0; c < 3; c++) {
      const grid = Float32Array.from({ length: gw * gh }, () => random() - 0.5);
      for (let y = 0; y < height; y++) {
        const y0 = Math.floor(y / cell);
        const fy = y / cell - y0;
        const sy = fy * fy * (3 - 2 * fy);
        for (let x = 0; x < width; x++) {
          const x0 = Math.floor(x / cell);
          const fx = x / cell - x0;
          const sx = fx * fx * (3 - 2 * fx);
          const a = grid[y0 * gw + x0]!;
          const b = grid[y0 * gw + x0 + 1]!;
          const d = grid[(y0 + 1) * gw + x0]!;
          const e = grid[(y0 + 1) * gw + x0 + 1]!;
          field[(y * width + x) * 3 + c]! += amplitude * (a + (b - a) * sx + (d - a) * sy + (a - b - d + e) * sx * sy);
        }
      }
    }
    amplitude *= 0.6;
  }
  const raw = Buffer.alloc(field.length);
  for (let i = 0; i < field.length; i++) raw[i] = clamp(128 + field[i]! * 220);
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

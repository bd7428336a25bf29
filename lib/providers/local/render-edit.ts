import { createHash } from "node:crypto";
import sharp from "sharp";
import { openImage } from "@/lib/images/open";
import type { EditInputs } from "../types";

export interface EditRenderInput {
  edit: EditInputs;
  prompt: string;
  seed: number;
  width: number;
  height: number;
}

/** How strongly the prompt's colour covers the area that changes: visible, yet the picture stays recognisable. */
const TINT = 0.55;

/** The tint of an edit: a colour derived from the prompt, the seed and every input, so each of them shows. */
function tintOf(input: EditRenderInput): [number, number, number] {
  const hash = createHash("sha256").update(JSON.stringify([input.prompt, input.seed]));
  for (const image of input.edit.images) hash.update(image.bytes);
  const digest = hash.digest();
  // A saturated colour: one channel high, one low, one anywhere, chosen by the digest.
  const order = digest[0]! % 3;
  const channels: [number, number, number] = [0, 0, 0];
  channels[order] = 200 + (digest[1]! % 56);
  channels[(order + 1) % 3] = digest[2]! % 60;
  channels[(order + 2) % 3] = digest[3]!;
  return channels;
}

/** The picture at the call's size (cover: its aspect kept, the overflow cropped), as raw RGBA. */
async function rgba(bytes: Uint8Array, width: number, height: number): Promise<Buffer> {
  return openImage(bytes).resize(width, height, { fit: "cover" }).ensureAlpha().raw().toBuffer();
}

/**
 * The simulator's edit: the first input at the call's size with the prompt's colour tinted over it — only
 * where the mask is transparent when a mask is given. The same inputs, prompt and seed give the same bytes.
 */
export async function renderSimulatedEdit(input: EditRenderInput): Promise<Uint8Array> {
  const { width, height, edit } = input;
  const base = await rgba(edit.images[0]!.bytes, width, height);
  const mask = edit.mask ? await rgba(edit.mask.bytes, width, height) : undefined;
  const [r, g, b] = tintOf(input);
  for (let i = 0; i < base.length; i += 4) {
    // Mask alpha 0 marks "change here"; opaque mask pixels keep the original exactly.
    const weight = TINT * (mask ? 1 - mask[i + 3]! / 255 : 1);
    if (weight === 0) continue;
    base[i] = Math.round(base[i]! * (1 - weight) + r * weight);
    base[i + 1] = Math.round(base[i + 1]! * (1 - weight) + g * weight);
    base[i + 2] = Math.round(base[i + 2]! * (1 - weight) + b * weight);
  }
  return sharp(base, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 6 }).toBuffer();
}

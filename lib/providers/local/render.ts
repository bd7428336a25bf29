import { createHash } from "node:crypto";
import sharp from "sharp";
import { textPath, textWidth } from "./text-paths";
import { prng } from "@/lib/prng";

export interface RenderInput {
  modelId: string;
  prompt: string;
  negativePrompt?: string;
  seed: number;
  width: number;
  height: number;
}

/** Text the prompt puts in double quotes (straight or curly) is drawn legibly into the image. */
export function quotedText(prompt: string): string[] {
  return [...prompt.matchAll(/["“]([^"”]{1,80})["”]/g)].map((m) => m[1]!.trim()).filter(Boolean);
}

const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h)} ${Math.round(s)}% ${Math.round(l)}%)`;

function composition(input: RenderInput): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([input.modelId, input.prompt, input.negativePrompt ?? "", input.seed]))
    .digest();
  const rand = prng(digest.readUInt32LE(0));
  const { width: w, height: h } = input;
  const hue = digest.readUInt16LE(4) % 360;
  const shapes: string[] = [];
  const count = 7 + Math.floor(rand() * 9);
  for (let i = 0; i < count; i++) {
    const fill = hsl(hue + (rand() - 0.5) * 160, 45 + rand() * 45, 30 + rand() * 45);
    const opacity = (0.35 + rand() * 0.5).toFixed(2);
    const cx = rand() * w;
    const cy = rand() * h;
    const r = (0.08 + rand() * 0.3) * Math.min(w, h);
    if (rand() < 0.55) {
      shapes.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r.toFixed(1)}" fill="${fill}" opacity="${opacity}"/>`);
    } else {
      const angle = (rand() * 180).toFixed(1);
      shapes.push(
        `<rect x="${(cx - r).toFixed(1)}" y="${(cy - r / 2).toFixed(1)}" width="${(2 * r).toFixed(1)}" height="${r.toFixed(1)}" rx="${(r / 6).toFixed(1)}" fill="${fill}" opacity="${opacity}" transform="rotate(${angle} ${cx.toFixed(1)} ${cy.toFixed(1)})"/>`,
      );
    }
  }
  const quotes = quotedText(input.prompt);
  const lines: string[] = [];
  if (quotes.length) {
    const lineHeight = h / Math.max(4, quotes.length * 2 + 1);
    quotes.forEach((text, i) => {
      const size = Math.min(lineHeight * 0.8, ((w * 0.86) / Math.max(1, textWidth(text, 100))) * 100);
      const x = (w - textWidth(text, size)) / 2;
      const y = h / 2 + (i - (quotes.length - 1) / 2) * lineHeight * 1.1 + size * 0.35;
      const d = textPath(text, x, y, size);
      lines.push(`<path d="${d}" fill="none" stroke="rgba(0,0,0,0.55)" stroke-width="${(size / 10).toFixed(1)}" stroke-linejoin="round"/>`);
      lines.push(`<path d="${d}" fill="#ffffff"/>`);
    });
  }
  const labelSize = Math.max(12, Math.round(Math.min(w, h) / 40));
  const label = textPath("SIMULATED · Darkroom local simulator", labelSize * 0.8, h - labelSize * 0.8, labelSize);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="${rand() < 0.5 ? 1 : 0}" y2="1">
<stop offset="0" stop-color="${hsl(hue, 40, 18)}"/><stop offset="1" stop-color="${hsl(hue + 60 + rand() * 120, 55, 42)}"/>
</linearGradient></defs>
<rect width="${w}" height="${h}" fill="url(#bg)"/>
${shapes.join("\n")}
${lines.join("\n")}
<path d="${label}" fill="rgba(255,255,255,0.8)"/>
</svg>`;
}

/** A deterministic PNG: the same input always gives byte-identical output. */
export async function renderSimulatedImage(input: RenderInput): Promise<Buffer> {
  return sharp(Buffer.from(composition(input)), { density: 72 })
    .resize(input.width, input.height, { fit: "fill" })
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
}

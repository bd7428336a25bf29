import { readFileSync } from "node:fs";
import path from "node:path";
import opentype from "opentype.js";

type Font = ReturnType<typeof opentype.parse>;
let font: Font | undefined;

// Text is drawn as vector paths from a font shipped in node_modules, not with SVG <text>: librsvg would
// pick whatever system fonts exist, so pixels would differ between machines (or text would vanish).
function loadFont(): Font {
  if (!font) {
    const file = path.join(process.cwd(), "node_modules", "@fontsource", "inter", "files", "inter-latin-700-normal.woff");
    const data = readFileSync(file);
    font = opentype.parse(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  }
  return font;
}

// Glyph by glyph, with kerning: opentype.js's shaping engine throws on some of Inter's GSUB lookups,
// and Latin text needs no shaping beyond kerning.
function layout(text: string, fontSize: number, visit?: (glyph: ReturnType<Font["charToGlyph"]>, x: number) => void): number {
  const f = loadFont();
  const scale = fontSize / f.unitsPerEm;
  let x = 0;
  let previous: ReturnType<Font["charToGlyph"]> | undefined;
  for (const char of text) {
    const glyph = f.charToGlyph(char);
    if (previous) x += f.getKerningValue(previous, glyph) * scale;
    visit?.(glyph, x);
    x += (glyph.advanceWidth ?? 0) * scale;
    previous = glyph;
  }
  return x;
}

export function textWidth(text: string, fontSize: number): number {
  return layout(text, fontSize);
}

type Command = ReturnType<Font["getPath"]>["commands"][number];

const num = (v: number) => v.toFixed(1);

// Serialised here rather than with Path.toPathData: its rounding turns a tiny fractional part (1e-7) into
// "NaN", which made librsvg draw the rest of a glyph as a blob ("142" came out as "14◢").
function commandData(c: Command): string {
  switch (c.type) {
    case "M":
    case "L":
      return `${c.type}${num(c.x)} ${num(c.y)}`;
    case "Q":
      return `Q${num(c.x1)} ${num(c.y1)} ${num(c.x)} ${num(c.y)}`;
    case "C":
      return `C${num(c.x1)} ${num(c.y1)} ${num(c.x2)} ${num(c.y2)} ${num(c.x)} ${num(c.y)}`;
    default:
      return "Z";
  }
}

/** SVG path data for `text` with its baseline starting at (x, y). */
export function textPath(text: string, x: number, y: number, fontSize: number): string {
  const parts: string[] = [];
  layout(text, fontSize, (glyph, dx) => {
    for (const c of glyph.getPath(x + dx, y, fontSize).commands) parts.push(commandData(c));
  });
  return parts.join("");
}

// What Darkroom writes into an image file, and A1111's "parameters" infotext that carries it (also read by
// InvokeAI, ComfyUI importers and civitai). Pure code: the playground reads dropped files in the browser with it.

export interface ImageSettings {
  prompt: string;
  negativePrompt?: string;
  seed?: number;
  /** WxH */
  size?: string;
  model?: string;
  provider?: string;
  generationId?: string;
}

/** A1111 infotext: the prompt, a "Negative prompt:" line, then one line of `Key: value` pairs. */
export function formatInfotext(s: ImageSettings): string {
  const pairs: [string, string | number | undefined][] = [
    ["Seed", s.seed],
    ["Size", s.size],
    ["Model", s.model],
    ["Provider", s.provider],
    ["Darkroom generation", s.generationId],
  ];
  const line = pairs.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => `${k}: ${quote(String(v))}`).join(", ");
  return [s.prompt, s.negativePrompt ? `Negative prompt: ${s.negativePrompt}` : null, line || null].filter((l) => l !== null).join("\n");
}

// A1111 quotes a value holding a comma or a colon with JSON string syntax.
const quote = (v: string) => (/[,:"]/.test(v) ? JSON.stringify(v) : v);

const PAIR = /\s*([\w ]+):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)/g;

function parsePairs(line: string): Map<string, string> | null {
  const pairs = new Map<string, string>();
  let consumed = 0;
  for (const m of line.matchAll(PAIR)) {
    if (m.index !== consumed || !m[0]) break;
    consumed += m[0].length;
    const raw = m[2]!.trim();
    pairs.set(m[1]!.trim().toLowerCase(), raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
  }
  return consumed === line.length && pairs.size > 0 ? pairs : null;
}

export function parseInfotext(text: string): ImageSettings | null {
  const lines = text.replace(/\r\n/g, "\n").trim().split("\n");
  if (!lines.length || !lines[0]) return null;
  const pairs = lines.length > 1 ? parsePairs(lines.at(-1)!) : parsePairs(lines[0]) && lines[0].includes("Steps:") ? parsePairs(lines[0]) : null;
  const body = pairs ? lines.slice(0, -1) : lines;
  const negativeAt = body.findIndex((l) => l.startsWith("Negative prompt:"));
  const prompt = (negativeAt >= 0 ? body.slice(0, negativeAt) : body).join("\n").trim();
  const negativePrompt = negativeAt >= 0 ? body.slice(negativeAt).join("\n").replace(/^Negative prompt:\s*/, "").trim() : undefined;
  const seed = pairs?.get("seed") !== undefined ? Number(pairs.get("seed")) : undefined;
  return {
    prompt,
    negativePrompt: negativePrompt || undefined,
    seed: seed !== undefined && Number.isSafeInteger(seed) && seed >= 0 ? seed : undefined,
    size: pairs?.get("size"),
    model: pairs?.get("model"),
    provider: pairs?.get("provider"),
    generationId: pairs?.get("darkroom generation"),
  };
}

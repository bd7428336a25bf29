import { EXTENSIONS } from "@/lib/images/sniff";
import type { ExportRow } from "@/lib/db/export";

/** One image (or one image-less generation) as the manifests list it. */
export interface ManifestEntry {
  file: string | null;
  generation_id: string;
  image_id: string | null;
  image_index: number | null;
  status: string;
  source: string;
  created_at: string;
  model: string;
  provider: string | null;
  simulated: boolean;
  prompt: string;
  negative_prompt: string | null;
  seed: string;
  width: number | null;
  height: number | null;
  format: string | null;
  bytes: number | null;
  /** The generation's cost (all its images). */
  cost_usd: number;
  latency_ms: number | null;
  /** Every parameter as the gateway normalized it, as JSON. */
  parameters: Record<string, unknown>;
}

const extension = (format: string) => EXTENSIONS[format as keyof typeof EXTENSIONS] ?? format;

export function manifestEntries(g: ExportRow): ManifestEntry[] {
  const base = {
    generation_id: g.id,
    status: g.status,
    source: g.source,
    created_at: g.createdAt.toISOString(),
    model: g.model,
    provider: g.provider,
    simulated: g.simulated,
    prompt: g.prompt,
    negative_prompt: g.negativePrompt,
    cost_usd: g.costUsd,
    latency_ms: g.latencyMs,
    parameters: (g.normalized ?? {}) as Record<string, unknown>,
  };
  if (g.images.length === 0) {
    return [{ ...base, file: null, image_id: null, image_index: null, seed: String(g.seed), width: null, height: null, format: null, bytes: null }];
  }
  return g.images.map((image) => ({
    ...base,
    file: `images/${g.id}-${image.index + 1}.${extension(image.format)}`,
    image_id: image.id,
    image_index: image.index,
    seed: String(image.seed ?? g.seed),
    width: image.width,
    height: image.height,
    format: image.format,
    bytes: image.bytes,
  }));
}

const COLUMNS: (keyof ManifestEntry)[] = [
  "file", "generation_id", "image_id", "image_index", "status", "source", "created_at", "model", "provider", "simulated",
  "prompt", "negative_prompt", "seed", "width", "height", "format", "bytes", "cost_usd", "latency_ms", "parameters",
];

// RFC 4180: quote every field that needs it, double the quotes inside.
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function manifestCsv(entries: ManifestEntry[]): string {
  const lines = [COLUMNS.join(",")];
  for (const entry of entries) lines.push(COLUMNS.map((c) => csvField(entry[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

import type { AttemptRecord } from "@/lib/generation/attempt";
import { EXTENSIONS } from "@/lib/images/sniff";
import type { LedgerEntry } from "@/lib/params/ledger";
import type { Warning } from "@/lib/params/warning";

export interface ImageData {
  url?: string;
  b64_json?: string;
  revised_prompt?: string;
}

export interface AttemptView {
  provider: string;
  status: string;
  error_kind: string | null;
  error: string | null;
  latency_ms: number;
  cost_usd: number;
  images: number;
}

/** The Images API body of a finished generation, as stored for replays and GET /v1/generations/{id}. */
export interface GenerationResponse {
  created: number;
  data: ImageData[];
  size: string;
  output_format: string;
  darkroom: {
    id: string;
    model: string;
    provider: string;
    provider_name: string;
    simulated: boolean;
    status: "succeeded" | "partial";
    seeds: (number | null)[];
    images: { index: number; id: string; url: string; thumbnail_url: string; width: number; height: number; format: string; bytes: number; seed: number | null }[];
    errors: { index: number; provider: string; kind: string; message: string }[];
    cost_usd: number;
    latency_ms: number;
    warnings: Warning[];
    ledger: LedgerEntry[];
    attempts: AttemptView[];
  };
}

export const imageUrl = (publicUrl: string, image: { id: string; format: string }) =>
  `${publicUrl}/images/${image.id}.${EXTENSIONS[image.format as keyof typeof EXTENSIONS] ?? image.format}`;
export const thumbnailUrl = (publicUrl: string, image: { id: string }) => `${publicUrl}/images/thumbs/${image.id}.webp`;

export const attemptView = (a: AttemptRecord): AttemptView => ({
  provider: a.provider,
  status: a.status,
  error_kind: a.errorKind ?? null,
  error: a.errorMessage ?? null,
  latency_ms: a.latencyMs,
  cost_usd: a.costUsd,
  images: a.images,
});

/**
 * A finished generation's body as stored: as JSON text, because a jsonb column reorders object keys and
 * a replay must return the very same bytes.
 */
export const storedBody = (body: GenerationResponse) => ({ text: JSON.stringify(body) });

/** The stored body back; rows written before it was stored as text hold the body itself. */
export function readStoredBody(stored: unknown): GenerationResponse {
  const text = (stored as { text?: unknown }).text;
  return typeof text === "string" ? (JSON.parse(text) as GenerationResponse) : (structuredClone(stored) as GenerationResponse);
}

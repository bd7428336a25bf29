import type { AttemptRecord } from "@/lib/generation/attempt";

/** An attempt as the API reports it, in success bodies and error bodies alike. */
export interface AttemptView {
  provider: string;
  status: string;
  error_kind: string | null;
  error: string | null;
  latency_ms: number;
  cost_usd: number;
  images: number;
}

/** The OpenAI Images body of a generation, with Darkroom's own facts under `darkroom`. */

export const attemptView = (a: AttemptRecord): AttemptView => ({
  provider: a.provider,
  status: a.status,
  error_kind: a.errorKind ?? null,
  error: a.errorMessage ?? null,
  latency_ms: a.latencyMs,
  cost_usd: a.costUsd,
  images: a.images,
});

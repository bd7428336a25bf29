import type { Base64Text } from "@/lib/images/base64-text";
import type { LedgerEntry } from "@/lib/params/ledger";
import type { Warning } from "@/lib/params/warning";
import type { AttemptRecord } from "./attempt";

/** One stored image of a generation. */
export interface GenerationImage {
  /** Position in the caller's n. */
  index: number;
  id: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  seed: number | null;
  revisedPrompt?: string;
  /** The image as base64, present only when the caller asked for b64_json. */
  base64?: Base64Text;
}

/** An image the generation could not make, and why. */
export interface ImageFailureView {
  index: number;
  provider: string;
  kind: string;
  message: string;
}

/** A finished generation that made images: what every surface renders in its own shape. */
export interface Generation {
  id: string;
  model: string;
  /** The provider whose offer served the first image. */
  provider: string;
  providerName: string;
  simulated: boolean;
  status: "succeeded" | "partial";
  /** When it started (ms since the epoch). */
  startedAt: number;
  images: GenerationImage[];
  failures: ImageFailureView[];
  attempts: AttemptRecord[];
  warnings: Warning[];
  ledger: LedgerEntry[];
  costUsd: number;
  latencyMs: number;
  responseFormat: "url" | "b64_json";
  /** A body recorded in wire form before generations were stored typed: replayed as it was. */
  recordedBody?: unknown;
}

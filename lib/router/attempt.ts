import type { ProviderErrorKind } from "@/lib/providers/errors";

/** One provider call, successful or not: every one is recorded and reported. */
export interface AttemptRecord {
  id: string;
  provider: string;
  providerModelId: string;
  status: "succeeded" | "failed";
  errorKind?: ProviderErrorKind;
  errorMessage?: string;
  httpStatus?: number;
  latencyMs: number;
  costUsd: number;
  images: number;
  startedAt: Date;
}

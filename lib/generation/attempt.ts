import type { ProviderErrorKind } from "@/lib/providers/errors";
import type { ProviderUsage } from "@/lib/providers/types";

/**
 * One provider call, successful or not: every one is recorded, reported and billed. `cancelled` is a call
 * the caller (or the gateway's own deadline) stopped: it says nothing about the provider.
 */
export interface AttemptRecord {
  id: string;
  provider: string;
  providerModelId: string;
  status: "succeeded" | "failed" | "cancelled";
  errorKind?: ProviderErrorKind;
  errorMessage?: string;
  httpStatus?: number;
  latencyMs: number;
  costUsd: number;
  images: number;
  startedAt: Date;
  /** Tokens the provider reported (token-priced models), for OpenAI's `usage` object. */
  usage?: ProviderUsage;
}

/** Sum of attempt costs in USD, rounded to a millionth (the precision prices are quoted in). */
export const totalCost = (attempts: Pick<AttemptRecord, "costUsd">[]): number =>
  Math.round(attempts.reduce((sum, a) => sum + a.costUsd, 0) * 1e6) / 1e6;

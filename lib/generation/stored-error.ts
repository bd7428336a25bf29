import type { ProviderErrorKind } from "@/lib/providers/errors";
import type { AttemptRecord } from "./attempt";
import { GatewayError, type GatewayErrorKind, type RecordedAnswer } from "./errors";

/** What a failed generation keeps of its error, so a replay rebuilds the very same answer. */
export interface StoredError {
  gatewayError: {
    kind: GatewayErrorKind;
    message: string;
    param: string | null;
    code: string | null;
    details: Record<string, unknown>;
    providerKind?: ProviderErrorKind;
    retryAfterMs?: number;
    attempts: (Omit<AttemptRecord, "startedAt"> & { startedAt: string })[];
  };
}

/** Rows written before errors were stored typed kept the wire answer itself: it is replayed as it was. */
export type LegacyStoredFailure = RecordedAnswer;

export function storeError(error: GatewayError): StoredError {
  return {
    gatewayError: {
      kind: error.kind,
      message: error.message,
      param: error.param,
      code: error.code,
      details: error.details,
      ...(error.providerKind ? { providerKind: error.providerKind } : {}),
      ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}),
      attempts: error.attempts.map((a) => ({ ...a, startedAt: a.startedAt.toISOString() })),
    },
  };
}

export const isStoredError = (value: unknown): value is StoredError =>
  typeof value === "object" && value !== null && "gatewayError" in value;

export const isLegacyFailure = (value: unknown): value is LegacyStoredFailure =>
  typeof value === "object" && value !== null && "status" in value && "body" in value;

export function restoreError(stored: StoredError, generationId: string): GatewayError {
  const { attempts, ...rest } = stored.gatewayError;
  return new GatewayError({ ...rest, generationId, attempts: attempts.map((a) => ({ ...a, startedAt: new Date(a.startedAt) })) });
}

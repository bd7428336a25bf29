import "server-only";
import type { AttemptRecord } from "@/lib/generation/attempt";
import { logger } from "./logger";

/**
 * Logs a generation's provider attempts as they happen: each failure at warn (the router retries or falls
 * back next), a caller's cancel at info, and a success that followed failures at info, naming whether it
 * was a retry (same provider) or a fallback (another one).
 */
export function attemptLogger(generationId: string, model: string): (attempt: AttemptRecord) => void {
  const failed: string[] = [];
  return (attempt) => {
    const fields = { generationId, model, provider: attempt.provider, providerModel: attempt.providerModelId, latencyMs: attempt.latencyMs };
    if (attempt.status === "cancelled") return logger().info(fields, "provider attempt cancelled by the caller");
    if (attempt.status === "failed") {
      failed.push(attempt.provider);
      return logger().warn({ ...fields, kind: attempt.errorKind, httpStatus: attempt.httpStatus, reason: attempt.errorMessage }, "provider attempt failed");
    }
    if (failed.length === 0) return;
    const how = failed.every((p) => p === attempt.provider) ? "retry" : "fallback";
    logger().info({ ...fields, failedAttempts: failed.length, failedProviders: [...new Set(failed)] }, `served by ${how} after ${failed.length} failed attempt(s)`);
  };
}

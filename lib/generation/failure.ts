import type { ProviderError } from "@/lib/providers/errors";
import type { AttemptRecord } from "./attempt";
import { GatewayError } from "./errors";

/**
 * The error when no image could be made. When every failure shares one kind that decides the answer (a
 * refusal, the caller's bad parameter, a rate limit, or one provider being unavailable) the error carries
 * that kind; anything else is the upstreams' fault in general.
 */
export function providersFailed(errors: ProviderError[], attempts: AttemptRecord[]): GatewayError {
  const kinds = new Set(errors.map((e) => e.kind));
  const first = errors[0]!;
  const base = { kind: "providers_failed" as const, providerErrors: errors, attempts, details: { provider: first.provider } };
  const only = kinds.size === 1 ? first.kind : undefined;
  if (only === "content_policy") {
    return new GatewayError({ ...base, providerKind: only, param: "prompt", code: "content_policy_violation", message: `${first.provider} refused the request under its content policy: ${first.message}` });
  }
  if (only === "invalid_request") {
    return new GatewayError({ ...base, providerKind: only, code: "upstream_invalid_request", message: `${first.provider} rejected the request: ${first.message}` });
  }
  if (only === "rate_limit") {
    const retryAfterMs = Math.max(...errors.map((e) => e.retryAfterMs ?? 0));
    return new GatewayError({ ...base, providerKind: only, retryAfterMs: retryAfterMs || undefined, code: "rate_limit_exceeded", message: `${first.provider} is rate limiting this server: ${first.message}` });
  }
  const failed = attempts.filter((a) => a.status === "failed");
  const providers = new Set(failed.map((a) => a.provider));
  // No attempt at all means every provider was skipped (circuit open): the errors themselves say why.
  const summary = failed.length
    ? failed.map((a) => `${a.provider}: ${a.errorMessage}`).join("; ")
    : [...new Set(errors.map((e) => e.message))].join("; ");
  if (providers.size <= 1 && (only === "unavailable" || only === "timeout")) {
    const retryAfterMs = Math.max(...errors.map((e) => e.retryAfterMs ?? 0));
    return new GatewayError({ ...base, providerKind: only, retryAfterMs: retryAfterMs || undefined, code: "provider_unavailable", message: `${first.provider} is unavailable: ${summary}` });
  }
  return new GatewayError({ ...base, code: "all_providers_failed", message: `All providers failed. ${summary}` });
}

/** A generation the caller, or the gateway's own deadline, stopped. */
export const cancelledError = (attempts: AttemptRecord[] = [], by: "caller" | "deadline" = "caller") =>
  new GatewayError({
    kind: "cancelled",
    code: "cancelled",
    message: by === "caller" ? "The request was cancelled" : "The generation was stopped at the gateway's deadline (DARKROOM_DEADLINE_MS)",
    attempts,
  });

/** A fault inside the gateway itself; its details are logged, never shown. */
export const internalError = (cause: unknown, attempts: AttemptRecord[] = []) =>
  new GatewayError({ kind: "internal", code: "internal_error", message: "The generation failed inside the gateway", attempts, cause });

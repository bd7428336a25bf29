import { ApiError } from "@/lib/api/errors";
import type { ProviderError } from "@/lib/providers/errors";
import type { AttemptRecord } from "@/lib/router/attempt";

/**
 * The caller-facing error when no image could be made: a content-policy refusal is the caller's 400, a
 * rate limit everywhere a 429, the caller's own bad parameter a 400; anything else is the upstreams' fault.
 */
export function generationFailedError(errors: ProviderError[], attempts: AttemptRecord[]): ApiError {
  const kinds = new Set(errors.map((e) => e.kind));
  const first = errors[0]!;
  const reasons = attempts
    .filter((a) => a.status === "failed")
    .map((a) => ({ provider: a.provider, kind: a.errorKind, status: a.httpStatus ?? null, message: a.errorMessage }));
  const extra = { provider: first.provider, attempts: reasons };
  if (kinds.size === 1 && kinds.has("content_policy")) {
    return new ApiError(400, `${first.provider} refused the request under its content policy: ${first.message}`, "invalid_request_error", "prompt", "content_policy_violation", extra);
  }
  if (kinds.size === 1 && kinds.has("invalid_request")) {
    return new ApiError(400, `${first.provider} rejected the request: ${first.message}`, "invalid_request_error", null, "upstream_invalid_request", extra);
  }
  if (kinds.size === 1 && kinds.has("rate_limit")) {
    const retryAfter = Math.max(...errors.map((e) => e.retryAfterMs ?? 0));
    return new ApiError(429, `${first.provider} is rate limiting this server: ${first.message}`, "rate_limit_error", null, "rate_limit_exceeded", extra, retryAfter > 0 ? { "retry-after": String(Math.ceil(retryAfter / 1000)) } : {});
  }
  const providers = [...new Set(reasons.map((r) => r.provider))];
  // No attempt at all means every provider was skipped (circuit open): the errors themselves say why.
  const summary = reasons.length
    ? reasons.map((r) => `${r.provider}: ${r.message}`).join("; ")
    : [...new Set(errors.map((e) => e.message))].join("; ");
  if (providers.length <= 1 && kinds.size === 1 && (kinds.has("unavailable") || kinds.has("timeout"))) {
    return new ApiError(503, `${first.provider} is unavailable: ${summary}`, "service_unavailable", null, "provider_unavailable", extra);
  }
  return new ApiError(502, `All providers failed. ${summary}`, "upstream_error", null, "all_providers_failed", extra);
}

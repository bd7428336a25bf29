import { describe, expect, it } from "vitest";
import { statusOf, toApiError } from "@/lib/api/errors";
import type { AttemptRecord } from "@/lib/generation/attempt";
import { GatewayError } from "@/lib/generation/errors";
import { cancelledError, providersFailed } from "@/lib/generation/failure";
import { restoreError, storeError } from "@/lib/generation/stored-error";
import { ProviderError, type ProviderErrorKind } from "@/lib/providers/errors";

const failedAttempt = (provider: string, kind: ProviderErrorKind): AttemptRecord => ({
  id: `att_${provider}`,
  provider,
  providerModelId: "m",
  status: "failed",
  errorKind: kind,
  errorMessage: `${provider} said no`,
  latencyMs: 5,
  costUsd: 0,
  images: 0,
  startedAt: new Date(0),
});
const failure = (provider: string, kind: ProviderErrorKind, retryAfterMs?: number) => new ProviderError({ provider, kind, message: `${provider} said no`, retryAfterMs });

describe("gateway errors on the wire", () => {
  it.each([
    ["content_policy", 400, "invalid_request_error", "content_policy_violation"],
    ["invalid_request", 400, "invalid_request_error", "upstream_invalid_request"],
    ["rate_limit", 429, "rate_limit_error", "rate_limit_exceeded"],
    ["unavailable", 503, "service_unavailable", "provider_unavailable"],
    ["timeout", 503, "service_unavailable", "provider_unavailable"],
    ["upstream", 502, "upstream_error", "all_providers_failed"],
  ] as const)("one provider failing with %s → %i %s %s", (kind, status, type, code) => {
    const error = toApiError(providersFailed([failure("fal", kind)], [failedAttempt("fal", kind)]));
    expect({ status: error.status, type: error.type, code: error.code }).toEqual({ status, type, code });
  });

  it("two providers unavailable is every provider failing: 502", () => {
    const error = providersFailed([failure("fal", "unavailable"), failure("vertex", "unavailable")], [failedAttempt("fal", "unavailable"), failedAttempt("vertex", "unavailable")]);
    expect(statusOf(error)).toBe(502);
    expect(error.message).toBe("All providers failed. fal: fal said no; vertex: vertex said no");
  });

  it("keeps the body's key order: provider, attempts, generation_id", () => {
    const error = providersFailed([failure("fal", "unavailable")], [failedAttempt("fal", "unavailable")]);
    error.generationId = "gen_1";
    const body = toApiError(error).toBody();
    expect(Object.keys(body.error)).toEqual(["message", "type", "param", "code", "provider", "attempts", "generation_id"]);
    expect(body.error.attempts).toEqual([{ provider: "fal", status: "failed", error_kind: "unavailable", error: "fal said no", latency_ms: 5, cost_usd: 0, images: 0 }]);
  });

  it("a cancel is 499 cancelled", () => {
    const error = toApiError(cancelledError());
    expect({ status: error.status, code: error.code, type: error.type }).toEqual({ status: 499, code: "cancelled", type: "server_error" });
  });

  it("an open circuit's 503 carries Retry-After with the remaining cooldown", () => {
    const error = toApiError(providersFailed([failure("fal", "unavailable", 12_300)], []));
    expect(error.status).toBe(503);
    expect(error.headers["retry-after"]).toBe("13");
  });

  it("a stored error rebuilds the same body", () => {
    const error = providersFailed([failure("fal", "rate_limit", 2000)], [failedAttempt("fal", "rate_limit")]);
    error.generationId = "gen_2";
    const again = restoreError(JSON.parse(JSON.stringify(storeError(error))), "gen_2");
    expect(JSON.stringify(toApiError(again).toBody())).toBe(JSON.stringify(toApiError(error).toBody()));
    expect(toApiError(again).headers).toEqual({ "retry-after": "2" });
  });

  it("a recorded wire answer is replayed as it was", () => {
    const recordedAnswer = { status: 502, body: { error: { message: "m", type: "upstream_error", param: null, code: "all_providers_failed", generation_id: "gen_3" } }, headers: {} };
    const error = toApiError(new GatewayError({ kind: "providers_failed", message: "m", recordedAnswer }));
    expect(error.status).toBe(502);
    expect(error.toBody()).toEqual(recordedAnswer.body);
  });
});

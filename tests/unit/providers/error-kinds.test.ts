import { describe, expect, it } from "vitest";
import { ERROR_KINDS, PROVIDER_ERROR_KINDS, ProviderError } from "@/lib/providers/errors";
import { retryDelay } from "@/lib/router/retry";

describe("the error-kind table", () => {
  it("has one policy per kind", () => {
    expect(Object.keys(ERROR_KINDS).sort()).toEqual([...PROVIDER_ERROR_KINDS].sort());
  });

  it("counts only faults that say something about the provider", () => {
    const counted = PROVIDER_ERROR_KINDS.filter((k) => ERROR_KINDS[k].countsAgainstHealth).sort();
    expect(counted).toEqual(["auth", "rate_limit", "timeout", "unavailable", "upstream"]);
  });

  it("never retries, falls back on, or counts a cancel", () => {
    expect(ERROR_KINDS.cancelled).toEqual({ retries: 0, fallsBack: false, countsAgainstHealth: false, httpStatus: 499 });
    expect(new ProviderError({ provider: "p", kind: "cancelled", message: "m" }).retryable).toBe(false);
  });

  it("falls back only where another provider may do better", () => {
    const fallsBack = PROVIDER_ERROR_KINDS.filter((k) => ERROR_KINDS[k].fallsBack).sort();
    expect(fallsBack).toEqual(["not_found", "rate_limit", "timeout", "unavailable", "upstream"]);
  });

  it.each(PROVIDER_ERROR_KINDS)("retryDelay honours %s's retry budget", (kind) => {
    const error = new ProviderError({ provider: "p", kind, message: "m", retryable: true });
    const settings = { baseDelayMs: 10, maxDelayMs: 100, random: () => 0.5 };
    const budget = ERROR_KINDS[kind].retries;
    const used = {} as Record<string, number>;
    let retries = 0;
    while (retryDelay(error, used, 60_000, settings) !== undefined && retries < 10) used[kind] = ++retries;
    expect(retries).toBe(budget);
  });

  it("maps deciding kinds to the status the caller gets", () => {
    expect(ERROR_KINDS.content_policy.httpStatus).toBe(400);
    expect(ERROR_KINDS.invalid_request.httpStatus).toBe(400);
    expect(ERROR_KINDS.rate_limit.httpStatus).toBe(429);
    expect(ERROR_KINDS.unavailable.httpStatus).toBe(503);
    expect(ERROR_KINDS.timeout.httpStatus).toBe(503);
    expect(ERROR_KINDS.upstream.httpStatus).toBe(502);
  });
});

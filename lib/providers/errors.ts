import { redactSecrets } from "@/lib/security/redact";

export const PROVIDER_ERROR_KINDS = [
  "auth",
  "invalid_request",
  "content_policy",
  "rate_limit",
  "timeout",
  "unavailable",
  "not_found",
  "upstream",
  "cancelled",
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

export interface ErrorKindPolicy {
  /** Retries on the same provider before moving on (0: never retried). */
  retries: number;
  /** Whether another provider may succeed where this one failed. */
  fallsBack: boolean;
  /** Whether the failure says something about the provider, so counts against its circuit breaker. */
  countsAgainstHealth: boolean;
  /** The HTTP status a generation gets when every failure was of this kind. */
  httpStatus: number;
}

/**
 * What each kind of failure means, in one place: retry budgets (LiteLLM-style, per kind), fallback,
 * breaker health and the caller-facing status all read this table. Auth and invalid-request errors never
 * fall back (they would fail the same way everywhere or hide a configuration problem); a refused prompt,
 * a bad parameter or a caller's cancel is the caller's doing, so never counts against a provider.
 */
export const ERROR_KINDS: Readonly<Record<ProviderErrorKind, ErrorKindPolicy>> = {
  auth: { retries: 0, fallsBack: false, countsAgainstHealth: true, httpStatus: 502 },
  invalid_request: { retries: 0, fallsBack: false, countsAgainstHealth: false, httpStatus: 400 },
  content_policy: { retries: 0, fallsBack: false, countsAgainstHealth: false, httpStatus: 400 },
  rate_limit: { retries: 2, fallsBack: true, countsAgainstHealth: true, httpStatus: 429 },
  timeout: { retries: 1, fallsBack: true, countsAgainstHealth: true, httpStatus: 503 },
  unavailable: { retries: 2, fallsBack: true, countsAgainstHealth: true, httpStatus: 503 },
  not_found: { retries: 0, fallsBack: true, countsAgainstHealth: false, httpStatus: 502 },
  upstream: { retries: 1, fallsBack: true, countsAgainstHealth: true, httpStatus: 502 },
  cancelled: { retries: 0, fallsBack: false, countsAgainstHealth: false, httpStatus: 499 },
};

export interface ProviderErrorInit {
  provider: string;
  kind: ProviderErrorKind;
  message: string;
  statusCode?: number;
  retryable?: boolean;
  retryAfterMs?: number;
  responseBody?: unknown;
  cause?: unknown;
}

const BRAND: unique symbol = Symbol.for("darkroom.ProviderError");

/** A typed upstream failure: fallback and retry decisions read only this. */
export class ProviderError extends Error {
  // Next bundles lib code into every route while process-wide services (the provider registry) are
  // shared, so the class can exist twice: recognise errors by brand, not by identity.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
  readonly [BRAND] = true;
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly statusCode: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly responseBody: unknown;

  constructor(init: ProviderErrorInit) {
    // Upstream text may echo the key it was sent; every store and answer downstream starts from this message.
    super(redactSecrets(init.message), { cause: init.cause });
    this.name = "ProviderError";
    this.provider = init.provider;
    this.kind = init.kind;
    this.statusCode = init.statusCode;
    this.retryable = init.retryable ?? ERROR_KINDS[init.kind].retries > 0;
    this.retryAfterMs = init.retryAfterMs;
    this.responseBody = init.responseBody;
  }
}

/** The usual mapping of an HTTP status to an error kind; adapters refine it from the body. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 408 || status === 504) return "timeout";
  if (status === 429) return "rate_limit";
  if (status === 502 || status === 503) return "unavailable";
  if (status >= 500) return "upstream";
  return "invalid_request";
}

/** Retry-After as seconds or an HTTP date → milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

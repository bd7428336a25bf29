import type { ProviderError, ProviderErrorKind } from "@/lib/providers/errors";
import type { AttemptRecord } from "./attempt";

/**
 * Why the gateway could not do what was asked, independent of any wire format: lib/api maps the kind
 * (and for provider failures the one provider error kind behind it) to an HTTP status and OpenAI body.
 */
export type GatewayErrorKind =
  | "invalid_request"
  | "not_found"
  | "conflict"
  /** The same idempotency key with another request. */
  | "mismatch"
  /** Nothing on this server can serve the request until an operator configures it. */
  | "not_configured"
  | "budget"
  | "providers_failed"
  | "cancelled"
  /** The server stopped before the generation finished. */
  | "interrupted"
  /** A stored image that cannot be decoded: bytes that passed their checks but not a decoder. */
  | "unprocessable"
  | "internal";

export interface GatewayErrorInit {
  kind: GatewayErrorKind;
  message: string;
  param?: string | null;
  code?: string | null;
  /** Extra, caller-facing facts (suggestions, supported values); shown as they are. */
  details?: Record<string, unknown>;
  /** For providers_failed: the one kind every failure shared, when it decides the answer. */
  providerKind?: ProviderErrorKind;
  providerErrors?: ProviderError[];
  attempts?: AttemptRecord[];
  retryAfterMs?: number;
  generationId?: string;
  /** An answer recorded in wire form before errors were stored typed: replayed as it was. */
  recordedAnswer?: RecordedAnswer;
  cause?: unknown;
}

export interface RecordedAnswer {
  status: number;
  body: { error: { message: string; param: string | null; code: string | null; [extra: string]: unknown } };
  headers?: Record<string, string>;
}

const BRAND: unique symbol = Symbol.for("darkroom.GatewayError");

/** The one error type lib/params, lib/router and lib/services throw. */
export class GatewayError extends Error {
  // Recognised by brand, not identity: Next may load this module once per route bundle (see ProviderError).
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
  readonly [BRAND] = true;
  readonly kind: GatewayErrorKind;
  readonly param: string | null;
  readonly code: string | null;
  readonly details: Record<string, unknown>;
  readonly providerKind: ProviderErrorKind | undefined;
  readonly providerErrors: ProviderError[];
  readonly retryAfterMs: number | undefined;
  readonly recordedAnswer: RecordedAnswer | undefined;
  attempts: AttemptRecord[];
  /** Set once a generation row exists for the failure. */
  generationId: string | undefined;

  constructor(init: GatewayErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = "GatewayError";
    this.kind = init.kind;
    this.param = init.param ?? null;
    this.code = init.code ?? null;
    this.details = init.details ?? {};
    this.providerKind = init.providerKind;
    this.providerErrors = init.providerErrors ?? [];
    this.attempts = init.attempts ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.generationId = init.generationId;
    this.recordedAnswer = init.recordedAnswer;
  }
}

export const invalidRequest = (message: string, param: string | null, code = "invalid_value", details?: Record<string, unknown>) =>
  new GatewayError({ kind: "invalid_request", message, param, code, details });

export const notFound = (message: string, param: string | null, code: string, details?: Record<string, unknown>) =>
  new GatewayError({ kind: "not_found", message, param, code, details });

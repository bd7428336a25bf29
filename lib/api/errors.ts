import { GatewayError, type GatewayErrorKind } from "@/lib/generation/errors";
import { ERROR_KINDS } from "@/lib/providers/errors";
import { attemptView } from "./attempt-view";

/** The OpenAI error taxonomy: each error the API can return maps to one HTTP status. */
export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "upstream_error"
  | "service_unavailable"
  | "server_error";

export interface ApiErrorBody {
  error: { message: string; type: ApiErrorType; param: string | null; code: string | null; [extra: string]: unknown };
}

const BRAND: unique symbol = Symbol.for("darkroom.ApiError");

/** An error meant for the caller: it carries the HTTP status and the OpenAI-shaped body. */
export class ApiError extends Error {
  // Recognised by brand, not identity: Next may load this module once per route bundle (see ProviderError).
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: boolean })[BRAND] === true;
  }
  readonly [BRAND] = true;
  constructor(
    readonly status: number,
    message: string,
    readonly type: ApiErrorType,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code, ...this.extra } };
  }
}

/** Every gateway error kind's HTTP status: the one place kinds become statuses. */
const KIND_STATUS: Record<GatewayErrorKind, number> = {
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  mismatch: 422,
  budget: 402,
  not_configured: 503,
  providers_failed: 502,
  cancelled: 499,
  interrupted: 502,
  unprocessable: 422,
  internal: 500,
};

const TYPE_BY_STATUS: Record<number, ApiErrorType> = {
  400: "invalid_request_error",
  402: "invalid_request_error",
  404: "not_found_error",
  409: "invalid_request_error",
  422: "invalid_request_error",
  429: "rate_limit_error",
  502: "upstream_error",
  503: "service_unavailable",
};

/** A provider failure with one deciding kind answers with that kind's status (the error-kind table). */
export const statusOf = (error: GatewayError): number =>
  error.kind === "providers_failed" && error.providerKind ? ERROR_KINDS[error.providerKind].httpStatus : KIND_STATUS[error.kind];

/** A generation's failure names its row and lists every attempt (for providers_failed after its provider). */
function generationExtra(error: GatewayError): Record<string, unknown> {
  if (error.generationId === undefined) return {};
  if (error.kind === "interrupted") return { generation_id: error.generationId };
  const attempts = error.attempts.map(attemptView);
  return error.kind === "providers_failed" ? { attempts, generation_id: error.generationId } : { generation_id: error.generationId, attempts };
}

/** The caller-facing form of a gateway error: status, OpenAI body and headers. */
export function toApiError(error: GatewayError): ApiError {
  const recorded = error.recordedAnswer;
  if (recorded) {
    const { message, type, param, code, ...extra } = recorded.body.error;
    return new ApiError(recorded.status, message, type as ApiErrorType, param, code, extra, recorded.headers);
  }
  const status = statusOf(error);
  const type = TYPE_BY_STATUS[status] ?? "server_error";
  const retryAfter: Record<string, string> =
    error.retryAfterMs && (status === 429 || status === 503) ? { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) } : {};
  return new ApiError(status, error.message, type, error.param, error.code, { ...error.details, ...generationExtra(error) }, retryAfter);
}

/** Either error type in its caller-facing form; anything else is not meant for the caller. */
export const asApiError = (error: unknown): ApiError | undefined =>
  error instanceof ApiError ? error : error instanceof GatewayError ? toApiError(error) : undefined;

export const invalidRequest = (message: string, param: string | null, code = "invalid_value", extra?: Record<string, unknown>) =>
  new ApiError(400, message, "invalid_request_error", param, code, extra);

export const notFound = (message: string, param: string | null, code: string, extra?: Record<string, unknown>) =>
  new ApiError(404, message, "not_found_error", param, code, extra);

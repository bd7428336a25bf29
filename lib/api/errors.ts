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

export const invalidRequest = (message: string, param: string | null, code = "invalid_value", extra?: Record<string, unknown>) =>
  new ApiError(400, message, "invalid_request_error", param, code, extra);

export const notFound = (message: string, param: string | null, code: string, extra?: Record<string, unknown>) =>
  new ApiError(404, message, "not_found_error", param, code, extra);

import { ProviderError, kindForStatus, parseRetryAfter, type ProviderErrorKind } from "../errors";
import type { JsonResponse } from "../shared/http";
import { falErrorSchema } from "./fal-schemas";

const CONTENT_POLICY_TYPES = new Set(["content_policy_violation"]);
const TIMEOUT_TYPES = new Set(["request_timeout", "startup_timeout"]);

function errorKind(status: number, errorType: string | undefined, itemTypes: string[]): ProviderErrorKind {
  if (itemTypes.some((type) => CONTENT_POLICY_TYPES.has(type))) return "content_policy";
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if (errorType && TIMEOUT_TYPES.has(errorType)) return "timeout";
  if (errorType?.startsWith("runner_")) return "unavailable";
  return kindForStatus(status);
}

/** `X-Fal-Retryable` overrides the kind's default when fal sends it. */
function retryableHeader(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  const normalized = value.trim().toLowerCase();
  return normalized === "true" || normalized === "1" ? true : normalized === "false" || normalized === "0" ? false : undefined;
}

/** A ProviderError from any fal HTTP error: submit, status, result or a completed request that failed. */
export function falHttpError(response: JsonResponse): ProviderError {
  const parsed = falErrorSchema.safeParse(response.json);
  const body = parsed.success ? parsed.data : undefined;
  const items = Array.isArray(body?.detail) ? body.detail : [];
  const errorType = response.headers.get("x-fal-error-type") ?? body?.error_type ?? undefined;
  const kind = errorKind(response.status, errorType, items.map((item) => item.type ?? ""));
  const detail =
    typeof body?.detail === "string"
      ? body.detail
      : items
          .map((item) => {
            const field = (item.loc ?? []).filter((part) => part !== "body").join(".");
            return field ? `${field}: ${item.msg ?? item.type}` : (item.msg ?? item.type);
          })
          .filter(Boolean)
          .join("; ");
  const message = detail || body?.message || response.text.slice(0, 300) || `HTTP ${response.status}`;
  const what =
    kind === "content_policy"
      ? "fal.ai refused the request under its content policy"
      : `fal.ai answered ${response.status}${errorType ? ` (${errorType})` : ""}`;
  return new ProviderError({
    provider: "fal",
    kind,
    statusCode: response.status,
    message: `${what}: ${message}`,
    retryable: retryableHeader(response.headers.get("x-fal-retryable")),
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    responseBody: response.json ?? response.text,
  });
}

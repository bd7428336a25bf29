import { z } from "zod";
import { ProviderError, kindForStatus, parseRetryAfter, type ProviderErrorKind } from "../errors";
import type { JsonResponse } from "../shared/http";
import { errorBodySchema } from "./openai-compatible-schemas";

export interface ErrorDetail {
  message: string;
  type?: string;
  code?: string;
  param?: string;
}

// FastAPI-style servers answer {detail}, others {message}.
const fallbackBodySchema = z.looseObject({ detail: z.string().optional(), message: z.string().optional() });

/** The `{error: {...}}` envelope folded into one shape, whatever the server sent. */
export function errorDetail(response: JsonResponse): ErrorDetail {
  const parsed = errorBodySchema.safeParse(response.json);
  if (parsed.success) {
    const error = parsed.data.error;
    if (typeof error === "string") return { message: error };
    return {
      message: error.message || response.text.slice(0, 500) || `HTTP ${response.status}`,
      type: error.type,
      code: error.code === undefined ? undefined : String(error.code),
      param: error.param,
    };
  }
  const fallback = fallbackBodySchema.safeParse(response.json);
  const message = fallback.success ? (fallback.data.detail ?? fallback.data.message) : undefined;
  return { message: message || response.text.slice(0, 500) || `HTTP ${response.status}` };
}

/** OpenAI's 429 messages say "Please try again in 20s" / "in 1m30s" / "in 350ms". */
export function retryHintMs(message: string): number | undefined {
  const match = /try again in ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(message);
  if (!match) return undefined;
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, value, unit] of match[1]!.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/gi)) total += Number(value) * unitMs[unit!.toLowerCase()]!;
  return Math.round(total);
}

const SAFETY_CODES = new Set(["moderation_blocked", "content_policy_violation", "content_filter"]);

function isSafetyRefusal(detail: ErrorDetail): boolean {
  if (detail.code && SAFETY_CODES.has(detail.code)) return true;
  if (detail.type === "image_generation_user_error" && /safety|moderation/i.test(detail.message)) return true;
  return /rejected (by|as a result of) (the|our) safety system/i.test(detail.message);
}

function classify(status: number, detail: ErrorDetail): { kind: ProviderErrorKind; retryable?: boolean; prefix?: string } {
  const code = detail.code;
  if (code === "insufficient_quota") {
    return { kind: "rate_limit", retryable: false, prefix: "the account's quota is exhausted (check the plan and billing details)" };
  }
  if (code === "billing_hard_limit_reached") return { kind: "auth", prefix: "the account's billing hard limit has been reached" };
  if (code === "invalid_api_key" || status === 401) return { kind: "auth", prefix: "the API key was refused" };
  if (status === 403) return { kind: "auth", prefix: "access denied" };
  if (code === "model_not_found" || status === 404) return { kind: "not_found", prefix: "model not found" };
  if (status === 429) return { kind: "rate_limit" };
  if (status >= 400 && status < 500 && isSafetyRefusal(detail)) {
    return { kind: "content_policy", prefix: "the request was rejected by the safety system" };
  }
  return { kind: kindForStatus(status) };
}

/** An HTTP error answer from an Images API server, classified from its status and `error.code`/`type`. */
export function imagesHttpError(provider: string, response: JsonResponse): ProviderError {
  const detail = errorDetail(response);
  const { kind, retryable, prefix } = classify(response.status, detail);
  const code = detail.code ? ` [${detail.code}]` : "";
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after")) ?? (kind === "rate_limit" ? retryHintMs(detail.message) : undefined);
  return new ProviderError({
    provider,
    kind,
    retryable,
    statusCode: response.status,
    message: `${provider} answered ${response.status}${code}: ${prefix ? `${prefix}: ` : ""}${detail.message}`,
    retryAfterMs: retryable === false ? undefined : retryAfterMs,
    responseBody: response.json ?? response.text,
  });
}

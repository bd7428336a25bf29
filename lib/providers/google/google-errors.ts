import { z } from "zod";
import { ProviderError, kindForStatus, parseRetryAfter, type ProviderErrorKind } from "@/lib/providers/errors";
import type { JsonCallErrors } from "@/lib/providers/shared/json-call";
import type { JsonResponse } from "@/lib/providers/shared/http";

/** Which provider an error belongs to, and what to tell the user per kind (e.g. which variable holds the key). */
export interface GoogleErrorContext {
  provider: string;
  providerName: string;
  hints?: Partial<Record<ProviderErrorKind, string>>;
}

const durationSchema = z.union([
  z.string(),
  z.object({ seconds: z.union([z.string(), z.number()]).optional(), nanos: z.number().optional() }),
]);

const detailSchema = z.looseObject({
  "@type": z.string().optional(),
  reason: z.string().optional(),
  retryDelay: durationSchema.optional(),
});

const envelopeSchema = z.object({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z.array(detailSchema).optional(),
  }),
});

// Some Google front ends wrap the envelope in a one-element array.
const errorBodySchema = z.union([envelopeSchema, z.array(envelopeSchema).min(1).transform((list) => list[0]!)]);

type ErrorEnvelope = z.infer<typeof envelopeSchema>["error"];

/** A prompt refused by Responsible AI filters comes back as a 400 whose message says so. */
const SAFETY_MESSAGE = /safety|responsible ai|support codes?:|sensitive words|prohibited content/i;
const INVALID_KEY_MESSAGE = /api key (not valid|expired|invalid)/i;

const KIND_BY_GOOGLE_STATUS: Record<string, ProviderErrorKind> = {
  UNAUTHENTICATED: "auth",
  PERMISSION_DENIED: "auth",
  RESOURCE_EXHAUSTED: "rate_limit",
  NOT_FOUND: "not_found",
  UNAVAILABLE: "unavailable",
  DEADLINE_EXCEEDED: "timeout",
  INTERNAL: "upstream",
  UNKNOWN: "upstream",
  INVALID_ARGUMENT: "invalid_request",
  FAILED_PRECONDITION: "invalid_request",
  OUT_OF_RANGE: "invalid_request",
};

function classify(status: number, error: ErrorEnvelope | undefined): ProviderErrorKind {
  const message = error?.message ?? "";
  const reasons = (error?.details ?? []).map((d) => d.reason);
  if (reasons.includes("API_KEY_INVALID") || INVALID_KEY_MESSAGE.test(message)) return "auth";
  if (status === 400 && SAFETY_MESSAGE.test(message)) return "content_policy";
  return (error?.status && KIND_BY_GOOGLE_STATUS[error.status]) || kindForStatus(status);
}

/** google.rpc.RetryInfo.retryDelay: a Duration, "1.5s" in JSON (or {seconds, nanos} from some encoders). */
function retryDelayMs(error: ErrorEnvelope | undefined): number | undefined {
  const delay = error?.details?.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo"))?.retryDelay;
  if (delay === undefined) return undefined;
  const seconds = typeof delay === "string" ? Number(delay.replace(/s$/, "")) : Number(delay.seconds ?? 0) + (delay.nanos ?? 0) / 1e9;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/** A ProviderError from a Google JSON error envelope (`{error: {code, message, status, details}}`). */
export function googleHttpError(context: GoogleErrorContext, response: JsonResponse): ProviderError {
  const parsed = errorBodySchema.safeParse(response.json);
  const error = parsed.success ? parsed.data.error : undefined;
  const kind = classify(response.status, error);
  const detail = error?.message ?? (response.text.slice(0, 500) || "no error message");
  const label = error?.status ? `${response.status} ${error.status}` : String(response.status);
  const hint = context.hints?.[kind];
  return new ProviderError({
    provider: context.provider,
    kind,
    statusCode: response.status,
    message: `${context.providerName} answered ${label}: ${detail}${hint ? ` (${hint})` : ""}`,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) ?? retryDelayMs(error),
    responseBody: response.json ?? response.text,
  });
}

/** A 200 whose body is not what the API documents. */
export function malformedResponse(context: GoogleErrorContext, response: JsonResponse, problem: string): ProviderError {
  return new ProviderError({
    provider: context.provider,
    kind: "upstream",
    statusCode: response.status,
    message: `${context.providerName} sent a response Darkroom cannot read: ${problem}`,
    responseBody: response.json ?? response.text.slice(0, 2000),
  });
}

/** How postJson classifies Google's answers: error statuses from their `error` body, unreadable 200s as upstream. */
export function googleJsonErrors(context: GoogleErrorContext): JsonCallErrors {
  return {
    http: (response) => googleHttpError(context, response),
    malformed: (response, issue) => malformedResponse(context, response, issue === "not JSON" ? "the body is not JSON" : `unexpected shape (${issue})`),
  };
}

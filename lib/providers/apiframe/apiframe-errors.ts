import { ProviderError } from "../errors";
import { httpError, type JsonResponse } from "../shared/http";
import { apiframeErrorSchema, type ApiframeJob } from "./apiframe-schemas";

export const APIFRAME = "apiframe";

const POLICY_WORDS = /content polic|safety|moderat|nsfw|prohibited|inappropriate|blocked/i;

/** An HTTP error answer from apiframe, classified from its status and `{error, details}` body. */
export function apiframeHttpError(response: JsonResponse): ProviderError {
  const parsed = apiframeErrorSchema.safeParse(response.json);
  const body = parsed.success ? parsed.data : {};
  const base = body.error ?? body.message ?? (response.text.slice(0, 500) || `HTTP ${response.status}`);
  const details = body.details
    ? Object.entries(body.details)
        .map(([path, messages]) => `${path}: ${[messages].flat().join(", ")}`)
        .join("; ")
    : "";
  const message = details ? `${base} (${details})` : base;
  switch (response.status) {
    case 400:
    case 422:
      return httpError(APIFRAME, response, { kind: "invalid_request", message: `the request was rejected: ${message}` });
    case 401:
    case 403:
      return httpError(APIFRAME, response, { kind: "auth", message: `the API key (APIFRAME_API_KEY) was refused: ${message}` });
    case 402: {
      const counts =
        body.creditsRequired !== undefined ? ` (${body.creditsRequired} credits required, ${body.creditsAvailable ?? "?"} available)` : "";
      return httpError(APIFRAME, response, { kind: "auth", message: `the apiframe account has insufficient credits${counts}: ${base}` });
    }
    default:
      return httpError(APIFRAME, response, { message });
  }
}

/** A job that ended without images: FAILED (content policy or not), CANCELLED, or assets already purged. */
export function apiframeJobError(job: ApiframeJob, jobId: string): ProviderError {
  const responseBody = job;
  if (job.status === "FAILED") {
    const reason = job.error ?? "no reason given";
    if (POLICY_WORDS.test(reason)) {
      return new ProviderError({ provider: APIFRAME, kind: "content_policy", message: `apiframe job ${jobId} was refused: ${reason}`, responseBody });
    }
    return new ProviderError({ provider: APIFRAME, kind: "upstream", message: `apiframe job ${jobId} failed: ${reason}`, responseBody });
  }
  if (job.status === "CANCELLED") {
    return new ProviderError({ provider: APIFRAME, kind: "upstream", message: `apiframe job ${jobId} was cancelled upstream`, responseBody });
  }
  if (job.expired) {
    return new ProviderError({ provider: APIFRAME, kind: "upstream", message: `apiframe job ${jobId} completed but its assets expired before download`, responseBody });
  }
  return new ProviderError({ provider: APIFRAME, kind: "upstream", message: `apiframe job ${jobId} completed without an image`, responseBody });
}

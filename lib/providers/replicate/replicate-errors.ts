import { ProviderError, kindForStatus, parseRetryAfter, type ProviderErrorKind } from "../errors";
import type { JsonResponse } from "../shared/http";
import { replicateErrorSchema, type Prediction } from "./replicate-schemas";

export const REPLICATE = "replicate";

// Replicate's `error` is free text. Imagen predictions refused by Google's filter say "flagged as
// sensitive ... (E005)"; FLUX's safety checker says "All generated images contained NSFW content".
const CONTENT_POLICY = /flagged as sensitive|\bE005\b|\bNSFW\b|content polic|content moderation/i;

export const isContentPolicyText = (text: string) => CONTENT_POLICY.test(text);

function detailText(response: JsonResponse): string {
  const parsed = replicateErrorSchema.safeParse(response.json);
  if (!parsed.success) return response.text.slice(0, 500) || `HTTP ${response.status}`;
  const { detail, title, invalid_fields: fields } = parsed.data;
  const fieldText = fields?.map((f) => [f.field, f.description].filter(Boolean).join(": ")).filter(Boolean).join("; ");
  const detailString = typeof detail === "string" ? detail : detail === undefined ? undefined : JSON.stringify(detail);
  return fieldText || detailString || title || response.text.slice(0, 500) || `HTTP ${response.status}`;
}

// The throttling body carries the wait as text when Retry-After is missing.
function bodyRetryAfterMs(text: string): number | undefined {
  const match = /available in (\d+(?:\.\d+)?) seconds?/i.exec(text);
  return match ? Number(match[1]) * 1000 : undefined;
}

/** A ProviderError from one of Replicate's HTTP error answers, classified from status and body. */
export function replicateHttpError(response: JsonResponse, modelId: string): ProviderError {
  const detail = detailText(response);
  const { status } = response;
  let kind: ProviderErrorKind = kindForStatus(status);
  let message = detail;
  if (status === 401 || status === 403) message = `the API token (REPLICATE_API_TOKEN) was refused: ${detail}`;
  else if (status === 402) {
    kind = "auth";
    message = `billing: the account cannot pay for predictions (add credit or raise the spend limit): ${detail}`;
  } else if (status === 404) message = `the model ${modelId} was not found (or the token cannot use it): ${detail}`;
  else if (status === 422) message = `the input was rejected: ${detail}`;
  else if (status === 429) message = `rate limited: ${detail}`;
  return new ProviderError({
    provider: REPLICATE,
    kind,
    statusCode: status,
    message: `Replicate answered ${status}: ${message}`,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) ?? (status === 429 ? bodyRetryAfterMs(response.text) : undefined),
    responseBody: response.json ?? response.text,
  });
}

/** A successful HTTP answer whose body is not a prediction. */
export function malformedResponse(response: JsonResponse, issue: string): ProviderError {
  return new ProviderError({
    provider: REPLICATE,
    kind: "upstream",
    statusCode: response.status,
    message: `Replicate returned a response that is not a prediction (${issue})`,
    responseBody: response.json ?? response.text.slice(0, 2000),
  });
}

/** Why a prediction that ended without succeeding did so. */
export function predictionError(prediction: Prediction, now = Date.now()): ProviderError {
  const base = { provider: REPLICATE, responseBody: prediction };
  const id = prediction.id;
  if (prediction.status === "failed") {
    const text = prediction.error ?? "no reason given";
    return isContentPolicyText(text)
      ? new ProviderError({ ...base, kind: "content_policy", message: `Replicate refused the request under its content policy: ${text}` })
      : new ProviderError({ ...base, kind: "upstream", message: `Replicate prediction ${id} failed: ${text}` });
  }
  // `aborted` only comes from a Cancel-After deadline, which Darkroom sets; `canceled` is ours only
  // when that deadline has passed (otherwise someone cancelled it elsewhere, e.g. on the dashboard).
  const deadline = prediction.deadline ? Date.parse(prediction.deadline) : Number.NaN;
  if (prediction.status === "aborted" || deadline <= now) {
    return new ProviderError({
      ...base,
      kind: "timeout",
      message: `Replicate ${prediction.status} prediction ${id} at the deadline Darkroom set (Cancel-After)`,
    });
  }
  return new ProviderError({ ...base, kind: "upstream", message: `Replicate prediction ${id} was ${prediction.status} outside Darkroom` });
}

import { ProviderError } from "../errors";
import { httpError, type JsonResponse } from "../shared/http";
import { aimlapiErrorSchema } from "./aimlapi-schemas";

export const AIMLAPI = "aimlapi";

// AIML API's safety-block shape is undocumented: any refusal that talks about safety or policy counts,
// except a body validation error (which may name the safety_setting field).
const SAFETY_WORDS = /safety|polic|moderat|blocked|inappropriate|nsfw|filtered/i;

export function isSafetyRefusal(message: string): boolean {
  return SAFETY_WORDS.test(message) && !/validation error|safety_setting/i.test(message);
}

/** The human part of an AIML API error body: `message` may be a string or a list of validation messages. */
export function aimlapiErrorMessage(response: JsonResponse): string {
  const parsed = aimlapiErrorSchema.safeParse(response.json);
  const message = parsed.success ? parsed.data.message : undefined;
  const text = Array.isArray(message) ? message.join("; ") : message;
  const requestId = parsed.success ? parsed.data.requestId : undefined;
  const base = text || response.text.slice(0, 500) || `HTTP ${response.status}`;
  return requestId ? `${base} (request id ${requestId})` : base;
}

/** An HTTP error answer from AIML API, classified from its status and message. */
export function aimlapiHttpError(response: JsonResponse): ProviderError {
  const message = aimlapiErrorMessage(response);
  const { status } = response;
  if ((status === 400 || status === 422) && isSafetyRefusal(message)) {
    return httpError(AIMLAPI, response, { kind: "content_policy", message: `the request was blocked by the safety filter: ${message}` });
  }
  if (status === 400 || status === 422) {
    return httpError(AIMLAPI, response, { kind: "invalid_request", message: `the request body was rejected: ${message}` });
  }
  if (status === 401) {
    return httpError(AIMLAPI, response, { kind: "auth", message: `the API key (AIMLAPI_KEY) was refused: ${message}` });
  }
  if (status === 403) {
    const credits = /credit|balance|billing|top up|payment/i.test(message);
    return httpError(AIMLAPI, response, {
      kind: "auth",
      message: credits ? `the AIML API account is out of credits: ${message}` : `access denied: ${message}`,
    });
  }
  return httpError(AIMLAPI, response, { message });
}

import type { z } from "zod";
import { ProviderError } from "../errors";
import { requestJson, type JsonRequest, type JsonResponse } from "./http";

export interface JsonCallErrors {
  /** The ProviderError for a non-2xx answer, classified from its status and body. */
  http(response: JsonResponse): ProviderError;
  /** The ProviderError for a 2xx answer the schema rejects; by default "<provider> sent an unexpected <what>". */
  malformed?(response: JsonResponse, issue: string): ProviderError;
}

export interface JsonCall<T> extends Omit<JsonRequest, "method"> {
  /** The success body. */
  schema: z.ZodType<T>;
  errors: JsonCallErrors;
  /** What the body is, for the default malformed message ("answer to the submit", "job status"). */
  what?: string;
  /** The provider's display name in that message (default: its id). */
  label?: string;
}

export interface JsonResult<T> {
  data: T;
  response: JsonResponse;
}

/** The first schema issue as "path: message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid body";
  return issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}

function malformedDefault(provider: string, label: string, what: string, response: JsonResponse, issue: string): ProviderError {
  return new ProviderError({
    provider,
    kind: "upstream",
    statusCode: response.status,
    message: `${label} sent an unexpected ${what}: ${issue}`,
    responseBody: response.json ?? response.text,
  });
}

/** Validates a response: non-2xx through `errors.http`, a 2xx body through `schema`. */
export function parseJsonResponse<T>(call: Pick<JsonCall<T>, "provider" | "schema" | "errors" | "what" | "label">, response: JsonResponse): T {
  if (response.status < 200 || response.status > 299) throw call.errors.http(response);
  const parsed = call.schema.safeParse(response.json);
  if (parsed.success) return parsed.data;
  const issue = response.json === undefined ? "not JSON" : firstIssue(parsed.error);
  throw (
    call.errors.malformed?.(response, issue) ??
    malformedDefault(call.provider, call.label ?? call.provider, call.what ?? "response", response, issue)
  );
}

async function callJson<T>(method: "GET" | "POST" | "PUT", call: JsonCall<T>): Promise<JsonResult<T>> {
  const { schema, errors, what, label, ...request } = call;
  const response = await requestJson({ ...request, method });
  return { data: parseJsonResponse({ provider: call.provider, schema, errors, what, label }, response), response };
}

/** POST a JSON body and return the validated answer; every failure is a ProviderError. */
export function postJson<T>(call: JsonCall<T>): Promise<JsonResult<T>> {
  return callJson("POST", call);
}

/** GET a JSON resource and return the validated answer; every failure is a ProviderError. */
export function getJson<T>(call: JsonCall<T>): Promise<JsonResult<T>> {
  return callJson("GET", call);
}

/** PUT variant, for the few APIs that cancel with it (fal). */
export function putJson<T>(call: JsonCall<T>): Promise<JsonResult<T>> {
  return callJson("PUT", call);
}

import { ProviderError, kindForStatus, parseRetryAfter, type ProviderErrorKind } from "../errors";
import { decodeResponseBody } from "./json-body.mjs";
import { fetchJsonOffThread } from "./json-fetch";

export type FetchFn = typeof fetch;

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is empty or not JSON (see `text`). */
  json: unknown;
  /** The body; only its first 4 KB when it parsed as JSON and is larger (error messages quote it). */
  text: string;
}

export interface JsonRequest {
  provider: string;
  method?: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal: AbortSignal;
  fetch?: FetchFn;
}

/**
 * One JSON request to a provider. Network failures become ProviderErrors (timeout when our deadline
 * fired, unavailable otherwise); HTTP error statuses are returned for the adapter to classify from the body.
 * Without an injected `fetch` it runs on the request thread (json-fetch.ts).
 */
export async function requestJson(req: JsonRequest): Promise<JsonResponse> {
  const init = {
    method: req.method ?? (req.body === undefined ? "GET" : "POST"),
    headers: {
      accept: "application/json",
      ...(req.body === undefined ? {} : { "content-type": "application/json" }),
      ...req.headers,
    },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  };
  try {
    if (!req.fetch) return await fetchJsonOffThread({ url: req.url, ...init }, req.signal);
    const response = await req.fetch(req.url, { ...init, signal: req.signal });
    const body = decodeResponseBody(Buffer.from(await response.arrayBuffer()), response.status);
    return { status: response.status, headers: response.headers, ...body };
  } catch (error) {
    throw networkError(req.provider, error, req.signal);
  }
}

export function networkError(provider: string, error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) {
    const reason = signal.reason;
    const timedOut = reason instanceof DOMException && reason.name === "TimeoutError";
    return new ProviderError({
      provider,
      kind: "timeout",
      retryable: timedOut,
      message: timedOut ? `${provider} did not answer before the request timeout` : `the request to ${provider} was cancelled`,
      cause: error,
    });
  }
  const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new ProviderError({ provider, kind: "unavailable", message: `${provider} could not be reached: ${message}`, cause: error });
}

/** A ProviderError from an HTTP error response; `kind` and `message` refine the status-based defaults. */
export function httpError(
  provider: string,
  response: JsonResponse,
  detail: { kind?: ProviderErrorKind; message?: string } = {},
): ProviderError {
  const kind = detail.kind ?? kindForStatus(response.status);
  const message = detail.message ?? (response.text.slice(0, 500) || `HTTP ${response.status}`);
  return new ProviderError({
    provider,
    kind,
    statusCode: response.status,
    message: `${provider} answered ${response.status}: ${message}`,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    responseBody: response.json ?? response.text,
  });
}

/** Waits `ms` unless the signal fires first (polling loops). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

import type { z } from "zod";
import { ProviderError } from "../errors";
import { networkError, pause, requestJson, type FetchFn, type JsonResponse } from "../shared/http";
import { falHttpError } from "./fal-errors";
import { falQueuedSchema, falStatusSchema, parseFal, type FalStatus } from "./fal-schemas";

export interface FalQueueSettings {
  apiKey: string;
  /** e.g. https://queue.fal.run, without a trailing slash. */
  queueUrl: string;
  pollIntervalMs: number;
  fetch?: FetchFn;
}

export interface FalJob {
  requestId: string;
  /** The model output as the response URL returned it (validated by the caller). */
  output: unknown;
  httpStatus: number;
  metrics: FalStatus["metrics"];
}

interface QueueUrls {
  status: string;
  response: string;
  cancel: string;
}

/** Consecutive failed status reads tolerated before giving up on a job that is probably still running. */
const POLL_RETRIES = 3;
const CANCEL_TIMEOUT_MS = 5000;
const PENDING = new Set(["IN_QUEUE", "IN_PROGRESS"]);

/**
 * Where to follow a request. fal's follow-up URLs name only owner/alias (`fal-ai/imagen4/requests/…`,
 * not `fal-ai/imagen4/preview/requests/…`); the submit answer's URLs are used when they point at the
 * configured queue host, so the key is never sent anywhere else.
 */
function queueUrls(settings: FalQueueSettings, modelId: string, queued: z.infer<typeof falQueuedSchema>): QueueUrls {
  const base = `${settings.queueUrl}/${modelId.split("/").slice(0, 2).join("/")}/requests/${encodeURIComponent(queued.request_id)}`;
  const origin = new URL(settings.queueUrl).origin;
  const sameHost = (url: string | null | undefined): url is string => {
    try {
      return Boolean(url) && new URL(url!).origin === origin;
    } catch {
      return false;
    }
  };
  return {
    status: sameHost(queued.status_url) ? queued.status_url : `${base}/status`,
    response: sameHost(queued.response_url) ? queued.response_url : base,
    cancel: sameHost(queued.cancel_url) ? queued.cancel_url : `${base}/cancel`,
  };
}

type Call = (method: "GET" | "POST" | "PUT", url: string, signal: AbortSignal, body?: unknown) => Promise<JsonResponse>;

async function pollUntilDone(call: Call, statusUrl: string, intervalMs: number, signal: AbortSignal): Promise<FalStatus> {
  let failures = 0;
  for (;;) {
    await pause(intervalMs, signal);
    try {
      const response = await call("GET", statusUrl, signal);
      if (response.status >= 400) throw falHttpError(response);
      const status = parseFal(falStatusSchema, response.json, "request status");
      failures = 0;
      if (status.status === "COMPLETED") return status;
      if (!PENDING.has(status.status)) {
        throw new ProviderError({
          provider: "fal",
          kind: "upstream",
          retryable: false,
          message: `fal.ai reported an unknown request status '${status.status}'`,
          responseBody: response.json,
        });
      }
    } catch (error) {
      // Status reads are idempotent: ride out a brief blip rather than abandon a job that is being paid for.
      if (signal.aborted || !(error instanceof ProviderError) || !error.retryable || ++failures > POLL_RETRIES) throw error;
    }
  }
}

/** Submits `input` to fal's queue, waits until it completes and returns the model output. */
export async function runFalJob(settings: FalQueueSettings, modelId: string, input: Record<string, unknown>, signal: AbortSignal): Promise<FalJob> {
  const headers = { authorization: `Key ${settings.apiKey}` };
  const call: Call = (method, url, callSignal, body) =>
    requestJson({ provider: "fal", method, url, headers, body, signal: callSignal, fetch: settings.fetch });

  const submitted = await call("POST", `${settings.queueUrl}/${modelId}`, signal, input);
  if (submitted.status >= 400) throw falHttpError(submitted);
  const queued = parseFal(falQueuedSchema, submitted.json, "answer to the submit");
  const urls = queueUrls(settings, modelId, queued);

  let completed: FalStatus;
  try {
    completed = await pollUntilDone(call, urls.status, settings.pollIntervalMs, signal);
  } catch (error) {
    if (signal.aborted) {
      // Best effort, not awaited: fal only cancels requests that have not started, and the caller has gone.
      call("PUT", urls.cancel, AbortSignal.timeout(CANCEL_TIMEOUT_MS)).catch(() => undefined);
    }
    throw networkError("fal", error, signal);
  }

  const result = await call("GET", urls.response, signal);
  if (result.status >= 400) throw falHttpError(result);
  return { requestId: queued.request_id, output: result.json, httpStatus: result.status, metrics: completed.metrics };
}

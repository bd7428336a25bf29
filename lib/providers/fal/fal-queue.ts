import { z } from "zod";
import { ProviderError } from "../errors";
import type { FetchFn } from "../shared/http";
import { getJson, postJson, putJson, type JsonCall } from "../shared/json-call";
import { pollJob } from "../shared/poll-job";
import { onOrigin } from "../shared/same-origin";
import { falHttpError } from "./fal-errors";
import { falQueuedSchema, falStatusSchema, type FalStatus } from "./fal-schemas";

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
  requestId: string;
  status: string;
  response: string;
  cancel: string;
}

/** Consecutive failed status reads tolerated before giving up on a job that is probably still running. */
const POLL_RETRIES = 3;
const PENDING = new Set(["IN_QUEUE", "IN_PROGRESS"]);

/**
 * Where to follow a request. fal's follow-up URLs name only owner/alias (`fal-ai/imagen4/requests/…`,
 * not `fal-ai/imagen4/preview/requests/…`); the submit answer's URLs are used when they point at the
 * configured queue host, so the key is never sent anywhere else.
 */
function queueUrls(settings: FalQueueSettings, modelId: string, queued: z.infer<typeof falQueuedSchema>): QueueUrls {
  const base = `${settings.queueUrl}/${modelId.split("/").slice(0, 2).join("/")}/requests/${encodeURIComponent(queued.request_id)}`;
  return {
    requestId: queued.request_id,
    status: onOrigin(queued.status_url, settings.queueUrl, `${base}/status`),
    response: onOrigin(queued.response_url, settings.queueUrl, base),
    cancel: onOrigin(queued.cancel_url, settings.queueUrl, `${base}/cancel`),
  };
}

function readStatus(status: FalStatus): FalStatus {
  if (status.status === "COMPLETED" || PENDING.has(status.status)) return status;
  throw new ProviderError({
    provider: "fal",
    kind: "upstream",
    retryable: false,
    message: `fal.ai reported an unknown request status '${status.status}'`,
    responseBody: status,
  });
}

/** Submits `input` to fal's queue, waits until it completes and returns the model output. */
export async function runFalJob(settings: FalQueueSettings, modelId: string, input: Record<string, unknown>, signal: AbortSignal): Promise<FalJob> {
  const common = {
    provider: "fal",
    label: "fal.ai",
    headers: { authorization: `Key ${settings.apiKey}` },
    errors: { http: falHttpError },
    fetch: settings.fetch,
  } satisfies Partial<JsonCall<unknown>>;

  const { job: urls, state: completed } = await pollJob<QueueUrls, FalStatus>({
    provider: "fal",
    signal,
    intervalMs: settings.pollIntervalMs,
    toleratedFailures: POLL_RETRIES,
    submit: async (callSignal) => {
      const { data } = await postJson({
        ...common,
        url: `${settings.queueUrl}/${modelId}`,
        body: input,
        schema: falQueuedSchema,
        what: "answer to the submit",
        signal: callSignal,
      });
      return { job: queueUrls(settings, modelId, data) };
    },
    read: async (job, callSignal) =>
      readStatus((await getJson({ ...common, url: job.status, schema: falStatusSchema, what: "request status", signal: callSignal })).data),
    isDone: (status) => status.status === "COMPLETED",
    // fal only cancels requests that have not started, and the caller has gone: best effort.
    cancel: (job, cancelSignal) => putJson({ ...common, url: job.cancel, schema: z.unknown(), signal: cancelSignal }),
  });

  const result = await getJson({ ...common, url: urls.response, schema: z.unknown(), signal });
  return { requestId: urls.requestId, output: result.data, httpStatus: result.response.status, metrics: completed.metrics };
}

import { requestJson, type FetchFn, type JsonResponse } from "../shared/http";
import { getJson, parseJsonResponse, type JsonCallErrors } from "../shared/json-call";
import { pollJob } from "../shared/poll-job";
import { onOrigin } from "../shared/same-origin";
import { REPLICATE, malformedResponse, replicateHttpError } from "./replicate-errors";
import { TERMINAL_STATUSES, predictionSchema, type Prediction } from "./replicate-schemas";

export interface PredictionSettings {
  apiToken: string;
  /** Origin of the API, without /v1. */
  baseUrl: string;
  pollIntervalMs: number;
  /** Deadline sent as Cancel-After, so Replicate stops the prediction even if our cancel never arrives. */
  cancelAfterMs?: number;
  fetch?: FetchFn;
}

/** Consecutive failed polls (429, 5xx, network) tolerated before the call gives up. */
const TOLERATED_POLL_FAILURES = 2;

interface PredictionJob {
  getUrl: string;
  cancelUrl: string;
  createdStatus: number;
}

/** Go-style duration, the Cancel-After format ("1m", "90s"). */
export function cancelAfterHeader(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/**
 * Creates a prediction, holding the request open with `Prefer: wait`, and polls `urls.get` until it
 * ends. Any failure before the end cancels it upstream (best effort, not awaited).
 */
export async function runPrediction(
  settings: PredictionSettings,
  modelId: string,
  input: Record<string, unknown>,
  signal: AbortSignal,
): Promise<{ prediction: Prediction; status: number }> {
  const auth = { authorization: `Bearer ${settings.apiToken}` };
  const errors: JsonCallErrors = { http: (response) => replicateHttpError(response, modelId), malformed: malformedResponse };
  const common = { provider: REPLICATE, headers: auth, errors, schema: predictionSchema, fetch: settings.fetch };

  const { job, state } = await pollJob<PredictionJob, Prediction>({
    provider: REPLICATE,
    signal,
    intervalMs: settings.pollIntervalMs,
    toleratedFailures: TOLERATED_POLL_FAILURES,
    // A deadline that fires while the create request is still held open leaves no id to cancel with;
    // the Cancel-After header covers that window.
    submit: async (callSignal) => {
      const created: JsonResponse = await requestJson({
        provider: REPLICATE,
        method: "POST",
        url: `${settings.baseUrl}/v1/models/${modelId}/predictions`,
        headers: {
          ...auth,
          prefer: "wait",
          ...(settings.cancelAfterMs ? { "cancel-after": cancelAfterHeader(settings.cancelAfterMs) } : {}),
        },
        body: { input },
        signal: callSignal,
        fetch: settings.fetch,
      });
      const prediction = parseJsonResponse(common, created);
      // The token goes only to the configured API origin, whatever URLs a response names.
      const predictionUrl = `${settings.baseUrl}/v1/predictions/${encodeURIComponent(prediction.id)}`;
      return {
        job: {
          getUrl: onOrigin(prediction.urls?.get, settings.baseUrl, predictionUrl),
          cancelUrl: onOrigin(prediction.urls?.cancel, settings.baseUrl, `${predictionUrl}/cancel`),
          createdStatus: created.status,
        },
        state: prediction,
      };
    },
    read: async (current, callSignal) => (await getJson({ ...common, url: current.getUrl, signal: callSignal })).data,
    isDone: (prediction) => TERMINAL_STATUSES.has(prediction.status),
    cancel: (current, cancelSignal) =>
      requestJson({ provider: REPLICATE, method: "POST", url: current.cancelUrl, headers: auth, signal: cancelSignal, fetch: settings.fetch }),
  });
  return { prediction: state, status: job.createdStatus };
}

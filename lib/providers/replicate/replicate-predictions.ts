import type { ProviderError } from "../errors";
import { networkError, pause, requestJson, type FetchFn, type JsonResponse } from "../shared/http";
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
const POLL_ATTEMPTS = 3;
const CANCEL_TIMEOUT_MS = 5_000;

/** Go-style duration, the Cancel-After format ("1m", "90s"). */
export function cancelAfterHeader(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

function parsePrediction(response: JsonResponse): Prediction {
  const parsed = predictionSchema.safeParse(response.json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw malformedResponse(response, issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "not JSON");
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
  // A deadline that fires while the create request is still held open leaves no id to cancel with;
  // the Cancel-After header covers that window.
  const created = await requestJson({
    provider: REPLICATE,
    method: "POST",
    url: `${settings.baseUrl}/v1/models/${modelId}/predictions`,
    headers: {
      ...auth,
      prefer: "wait",
      ...(settings.cancelAfterMs ? { "cancel-after": cancelAfterHeader(settings.cancelAfterMs) } : {}),
    },
    body: { input },
    signal,
    fetch: settings.fetch,
  });
  if (created.status < 200 || created.status > 299) throw replicateHttpError(created, modelId);
  let prediction = parsePrediction(created);

  // The token goes only to the configured API origin, whatever URLs a response names.
  const sameOrigin = (url: string | undefined) => {
    try {
      return url !== undefined && new URL(url).origin === new URL(settings.baseUrl).origin ? url : undefined;
    } catch {
      return undefined;
    }
  };
  const predictionUrl = `${settings.baseUrl}/v1/predictions/${encodeURIComponent(prediction.id)}`;
  const getUrl = sameOrigin(prediction.urls?.get) ?? predictionUrl;
  const cancelUrl = sameOrigin(prediction.urls?.cancel) ?? `${predictionUrl}/cancel`;

  const poll = async (): Promise<Prediction> => {
    for (let attempt = 1; ; attempt++) {
      let error: ProviderError;
      try {
        const response = await requestJson({ provider: REPLICATE, url: getUrl, headers: auth, signal, fetch: settings.fetch });
        if (response.status >= 200 && response.status <= 299) return parsePrediction(response);
        error = replicateHttpError(response, modelId);
      } catch (caught) {
        error = networkError(REPLICATE, caught, signal);
      }
      if (signal.aborted || !error.retryable || attempt >= POLL_ATTEMPTS) throw error;
      await pause(Math.max(settings.pollIntervalMs, error.retryAfterMs ?? 0), signal);
    }
  };

  try {
    while (!TERMINAL_STATUSES.has(prediction.status)) {
      await pause(settings.pollIntervalMs, signal);
      prediction = await poll();
    }
  } catch (error) {
    if (!TERMINAL_STATUSES.has(prediction.status)) {
      requestJson({
        provider: REPLICATE,
        method: "POST",
        url: cancelUrl,
        headers: auth,
        signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS),
        fetch: settings.fetch,
      }).catch(() => undefined);
    }
    throw networkError(REPLICATE, error, signal);
  }
  return { prediction, status: created.status };
}

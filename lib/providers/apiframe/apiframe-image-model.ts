import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProviderOffer } from "@/lib/catalog/schema";
import type { Warning } from "@/lib/params/warning";
import { ProviderError } from "../errors";
import { downloadImage } from "../shared/download-image";
import type { z } from "zod";
import { networkError, requestJson, type FetchFn, type JsonResponse } from "../shared/http";
import { getJson, parseJsonResponse } from "../shared/json-call";
import { pollJob } from "../shared/poll-job";
import type { CallContext, CallOptions, GeneratedImage, GenerateResult, ImageModel } from "../types";
import { APIFRAME, apiframeHttpError, apiframeJobError } from "./apiframe-errors";
import { apiframeJobSchema, apiframeSubmitSchema, type ApiframeJob } from "./apiframe-schemas";

export interface ApiframeSettings {
  apiKey: string;
  /** Without a trailing slash, e.g. https://api.apiframe.ai */
  baseUrl: string;
  pollIntervalMs: number;
  maxDownloadBytes: number;
  fetch?: FetchFn;
}

/** Resends of a job submission whose connection failed (same Idempotency-Key, so never billed twice). */
const SUBMIT_RESENDS = 2;

/** Consecutive failed polls (429, 5xx, network) tolerated before giving up on an already-billed job. */
const MAX_POLL_FAILURES = 3;

/** Imagen 4 through apiframe: submit a job, poll it until it ends, download the image it links to. */
export class ApiframeImageModel implements ImageModel {
  readonly provider = APIFRAME;
  readonly modelId: string;
  readonly maxImagesPerCall: number;

  constructor(
    offer: ProviderOffer,
    private readonly settings: ApiframeSettings,
  ) {
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    const imagenParams = {
      aspect_ratio: options.aspectRatio,
      // jpg only when asked for; png otherwise, so the gateway converts other formats from lossless pixels.
      output_format: options.outputFormat === "jpeg" ? "jpg" : "png",
      image_size: options.tier,
    };
    const { job: submitted, state: job } = await pollJob<{ jobId: string; status: number }, ApiframeJob>({
      provider: APIFRAME,
      signal,
      intervalMs: this.settings.pollIntervalMs,
      toleratedFailures: MAX_POLL_FAILURES,
      submit: async (callSignal, idempotencyKey) => {
        const response = await this.submit({ model: this.modelId, prompt: options.prompt, imagenParams }, callSignal, idempotencyKey);
        const queued = parseJsonResponse(this.call(apiframeSubmitSchema, "job submission"), response);
        return { job: { jobId: queued.jobId, status: response.status } };
      },
      read: async ({ jobId }, callSignal) =>
        (await getJson({ ...this.call(apiframeJobSchema, `job ${jobId}`), url: `${this.settings.baseUrl}/v2/jobs/${encodeURIComponent(jobId)}`, signal: callSignal })).data,
      // apiframe has no cancel endpoint: on abort the loop just stops.
      isDone: (state) => state.status !== "QUEUED" && state.status !== "PROCESSING",
    });
    const { jobId } = submitted;
    const urls = job.status === "COMPLETED" && !job.expired ? (job.result ?? []) : [];
    if (urls.length === 0) throw apiframeJobError(job, jobId);

    const images = await Promise.all(
      urls.slice(0, options.n).map(
        (url): Promise<GeneratedImage> =>
          downloadImage(url, {
            provider: APIFRAME,
            trustedBaseUrls: [this.settings.baseUrl],
            maxBytes: this.settings.maxDownloadBytes,
            signal,
            fetch: this.settings.fetch,
          }),
      ),
    );

    return {
      images,
      warnings: warningsFor(options),
      sent: {
        prompt: options.prompt,
        n: 1,
        size: { aspect_ratio: imagenParams.aspect_ratio, image_size: imagenParams.image_size },
        output_format: imagenParams.output_format,
      },
      response: { status: submitted.status, requestId: jobId },
      providerMetadata: { jobId, ...(job.creditCost == null ? {} : { creditCost: job.creditCost }) },
    };
  }

  /**
   * POSTs the job. When the connection fails the job may still have been created, so the POST is resent
   * with the same Idempotency-Key: apiframe then returns the original job instead of billing a new one.
   * A queued generation's call keeps its key across instances, so a takeover that resubmits is not billed.
   */
  private async submit(body: Record<string, unknown>, signal: AbortSignal, idempotencyKey: string = randomUUID()): Promise<JsonResponse> {
    const headers = { "x-api-key": this.settings.apiKey, "idempotency-key": idempotencyKey };
    for (let attempt = 0; ; attempt++) {
      try {
        return await requestJson({ provider: APIFRAME, url: `${this.settings.baseUrl}/v2/images/generate`, headers, body, signal, fetch: this.settings.fetch });
      } catch (error) {
        if (signal.aborted || attempt >= SUBMIT_RESENDS) throw error;
        await sleep(this.settings.pollIntervalMs, undefined, { signal }).catch((reason: unknown) => {
          throw networkError(APIFRAME, reason, signal);
        });
      }
    }
  }

  private call<T>(schema: z.ZodType<T>, what: string) {
    return {
      provider: APIFRAME,
      headers: { "x-api-key": this.settings.apiKey },
      schema,
      errors: { http: apiframeHttpError, malformed: (response: JsonResponse) => malformed(response, what) },
      fetch: this.settings.fetch,
    };
  }
}

/** apiframe's schema sets additionalProperties: false, so nothing beyond its own fields can be sent. */
function warningsFor(options: CallOptions): Warning[] {
  const dropped: [string, unknown][] = [
    ["negative_prompt", options.negativePrompt],
    ["seed", options.seedExplicit ? options.seed : undefined],
    ["quality", options.quality],
    ["style", options.style],
    ["thinking", options.thinking],
    ["enhance_prompt", options.enhancePrompt],
    ["user", options.user],
  ];
  const warnings: Warning[] = dropped
    .filter(([, value]) => value !== undefined)
    .map(([param]) => ({ type: "unsupported", param, message: `apiframe's Imagen 4 has no ${param} parameter; it was not sent` }));
  for (const key of Object.keys(options.extra)) {
    warnings.push({ type: "unsupported", param: key, message: `apiframe rejects unknown fields; ${key} was not sent` });
  }
  return warnings;
}

function malformed(response: JsonResponse, what: string): ProviderError {
  return new ProviderError({
    provider: APIFRAME,
    kind: "upstream",
    statusCode: response.status,
    message: `apiframe answered the ${what} with a body the gateway does not understand: ${response.text.slice(0, 200) || "(empty)"}`,
    responseBody: response.json ?? response.text,
  });
}

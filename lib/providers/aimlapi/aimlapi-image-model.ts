import type { ProviderOffer } from "@/lib/catalog/schema";
import { seedAt } from "@/lib/providers/shared/seed";
import type { Warning } from "@/lib/params/warning";
import { ProviderError } from "../errors";
import { decodeBase64Entry } from "../shared/base64";
import { downloadImage } from "../shared/download-image";
import type { FetchFn, JsonResponse } from "../shared/http";
import { postJson } from "../shared/json-call";
import type { CallContext, CallOptions, GeneratedImage, GenerateResult, ImageModel } from "../types";
import { AIMLAPI, aimlapiHttpError, isSafetyRefusal } from "./aimlapi-errors";
import { aimlapiResponseSchema, type AimlapiResponse } from "./aimlapi-schemas";

export interface AimlapiSettings {
  apiKey: string;
  /** Without a trailing slash, e.g. https://api.aimlapi.com */
  baseUrl: string;
  maxDownloadBytes: number;
  fetch?: FetchFn;
}

/** AIML API refuses longer Imagen prompts with a body validation error; checking first saves a round trip. */
export const AIMLAPI_PROMPT_MAX_CHARS = 400;

/** Imagen 4 through AIML API: one synchronous POST, images as base64 (or URLs, which are downloaded). */
export class AimlapiImageModel implements ImageModel {
  readonly provider = AIMLAPI;
  readonly modelId: string;
  readonly maxImagesPerCall: number;

  constructor(
    offer: ProviderOffer,
    private readonly settings: AimlapiSettings,
  ) {
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    if (options.prompt.length > AIMLAPI_PROMPT_MAX_CHARS) {
      throw new ProviderError({
        provider: AIMLAPI,
        kind: "invalid_request",
        message: `aimlapi accepts prompts of at most ${AIMLAPI_PROMPT_MAX_CHARS} characters for ${this.modelId}; this one has ${options.prompt.length}. Shorten it or pin another provider of the model.`,
      });
    }
    const warnings = unsupportedWarnings(options);
    const own: Record<string, unknown> = {
      model: this.modelId,
      prompt: options.prompt,
      num_images: options.n,
      seed: options.seed,
      aspect_ratio: options.aspectRatio,
      // Base64 saves a second round trip to AIML's CDN; URL answers are still accepted below.
      convert_base64_to_url: false,
      ...(options.enhancePrompt === undefined ? {} : { enhance_prompt: options.enhancePrompt }),
    };
    for (const key of Object.keys(options.extra)) {
      if (key in own) {
        warnings.push({ type: "adjusted", param: key, message: `${key} is set by the gateway for aimlapi; the value given was ignored` });
      }
    }
    // Unknown parameters (person_generation, safety_setting, add_watermark…) live beside AIML's own fields.
    const body = { ...options.extra, ...own };

    const { data: result, response } = await postJson({
      provider: AIMLAPI,
      url: `${this.settings.baseUrl}/v1/images/generations`,
      headers: { authorization: `Bearer ${this.settings.apiKey}` },
      body,
      signal,
      fetch: this.settings.fetch,
      schema: aimlapiResponseSchema,
      errors: { http: aimlapiHttpError, malformed: malformedAnswer },
    });
    const items = result.data.filter((item) => item.b64_json || item.url);
    if (items.length === 0) throw emptyResultError(result, response.status);

    const images = await Promise.all(
      items.map(async (item, i): Promise<GeneratedImage> => {
        const { bytes, mediaType, base64 }: { bytes: Uint8Array; mediaType: string; base64?: string } = item.b64_json
          ? decodeBase64Entry(item.b64_json, "image/png")
          : await downloadImage(item.url!, {
              provider: AIMLAPI,
              trustedBaseUrls: [this.settings.baseUrl],
              maxBytes: this.settings.maxDownloadBytes,
              signal,
              fetch: this.settings.fetch,
            });
        const rewritten = options.enhancePrompt !== false && item.prompt && item.prompt !== options.prompt ? item.prompt : undefined;
        return {
          bytes,
          ...(base64 ? { base64 } : {}),
          mediaType: item.mime_type ?? mediaType,
          ...(options.seed === undefined ? {} : { seed: seedAt(options.seed, i) }),
          ...(rewritten ? { revisedPrompt: rewritten } : {}),
        };
      }),
    );

    return {
      images,
      warnings,
      sent: {
        prompt: options.prompt,
        seed: options.seed,
        n: options.n,
        size: { aspect_ratio: options.aspectRatio },
        response_format: { convert_base64_to_url: false },
        ...(options.enhancePrompt === undefined ? {} : { enhance_prompt: options.enhancePrompt }),
      },
      response: { status: response.status, ...requestIdOf(response.headers) },
      ...(result.meta?.usage ? { providerMetadata: { usage: result.meta.usage } } : {}),
    };
  }
}

function unsupportedWarnings(options: CallOptions): Warning[] {
  const dropped: [string, unknown][] = [
    ["negative_prompt", options.negativePrompt],
    ["quality", options.quality],
    ["style", options.style],
    ["thinking", options.thinking],
    ["user", options.user],
  ];
  return dropped
    .filter(([, value]) => value !== undefined)
    .map(([param]): Warning => ({ type: "unsupported", param, message: `aimlapi's Imagen 4 has no ${param} parameter; it was not sent` }));
}

function requestIdOf(headers: Headers): { requestId?: string } {
  const id = headers.get("x-request-id") ?? headers.get("request-id");
  return id ? { requestId: id } : {};
}

/** A 2xx without images: the safety filter when AIML says so, otherwise an upstream fault. */
function emptyResultError(result: AimlapiResponse, status: number): ProviderError {
  const hint = JSON.stringify({ meta: result.meta, message: result.message }) ?? "";
  if (isSafetyRefusal(hint)) {
    return new ProviderError({
      provider: AIMLAPI,
      kind: "content_policy",
      statusCode: status,
      message: `aimlapi returned no image: every image was filtered by the safety filter (${hint.slice(0, 300)})`,
      responseBody: result,
    });
  }
  return new ProviderError({
    provider: AIMLAPI,
    kind: "upstream",
    statusCode: status,
    message: "aimlapi answered without any image",
    responseBody: result,
  });
}

function malformedAnswer(response: JsonResponse): ProviderError {
  return new ProviderError({
    provider: AIMLAPI,
    kind: "upstream",
    statusCode: response.status,
    message: `aimlapi answered ${response.status} with a body the gateway does not understand: ${response.text.slice(0, 200) || "(empty)"}`,
    responseBody: response.json ?? response.text,
  });
}

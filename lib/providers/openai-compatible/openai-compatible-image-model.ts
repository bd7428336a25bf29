import type { ProviderOffer } from "@/lib/catalog/schema";
import type { Warning } from "@/lib/params/warning";
import { ProviderError } from "../errors";
import { downloadImage } from "../shared/download-image";
import type { FetchFn, JsonResponse } from "../shared/http";
import { postJson, type JsonResult } from "../shared/json-call";
import type { CallContext, CallOptions, GeneratedImage, GenerateResult, ImageModel, ProviderUsage } from "../types";
import { postImagesEdit, type EditCall } from "./openai-compatible-edit";
import { postImagesEditStream, postImagesGenerationStream } from "./openai-compatible-stream";
import { requestedPartials } from "../shared/partial-sink";
import { imagesHttpError } from "./openai-compatible-errors";
import { imagesResponseSchema, type ImagesResponse } from "./openai-compatible-schemas";
import { decodeBase64Entry } from "../shared/base64";

export interface OpenAICompatibleSettings {
  /** Provider id: errors, attempts and logs name it. */
  id: string;
  name: string;
  /** Up to and including the version segment, e.g. https://api.openai.com/v1 (no trailing slash). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; self-hosted servers may need none. */
  apiKey?: string;
  maxDownloadBytes: number;
  fetch?: FetchFn;
  /** Answers `stream: true` + `partial_images` on images/generations with drafts (OpenAI's GPT image models). */
  streamsPartials?: boolean;
}

/** Formats the Images API encodes natively; gif and avif are left to the gateway's converter. */
const NATIVE_FORMATS = new Set(["png", "jpeg", "webp"]);
const COMPRESSIBLE = new Set(["jpeg", "webp"]);
/** Caller extras that would turn the answer into a server-sent event stream; the gateway asks for one itself when a stream wants drafts. */
const STREAMING_EXTRAS = ["stream", "partial_images"];

type Body = Record<string, unknown>;

/** The OpenAI Images API (`POST {base}/images/generations`), spoken by OpenAI, Lumenfall and self-hosted servers. */
export class OpenAICompatibleImageModel implements ImageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly maxImagesPerCall: number;
  readonly streamsPartials: boolean;

  constructor(
    offer: ProviderOffer,
    private readonly settings: OpenAICompatibleSettings,
  ) {
    this.provider = settings.id;
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
    this.streamsPartials = settings.streamsPartials ?? false;
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    const { body, sent, warnings } = this.buildBody(options);
    const call = {
      provider: this.provider,
      headers: (this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}) as Record<string, string>,
      body,
      signal,
      fetch: this.settings.fetch,
      errors: {
        http: (answer: JsonResponse) => imagesHttpError(this.provider, answer),
        malformed: (answer: JsonResponse) =>
          new ProviderError({
            provider: this.provider,
            kind: "upstream",
            statusCode: answer.status,
            message: `${this.provider} answered ${answer.status} with a body that is not an Images API response: ${answer.text.slice(0, 200) || "(empty)"}`,
            responseBody: answer.json ?? answer.text,
          }),
      },
    };
    const { data, response } = await this.post(call, options);
    const images = await this.collectImages(data, body.output_format, signal);
    if (images.length === 0) {
      throw new ProviderError({
        provider: this.provider,
        kind: "upstream",
        statusCode: response.status,
        message: `${this.provider} answered ${response.status} without any image`,
        responseBody: response.json,
      });
    }
    const requestId = response.headers.get("x-request-id") ?? undefined;
    return {
      images,
      warnings,
      sent,
      usage: mapUsage(data),
      response: { status: response.status, ...(requestId ? { requestId } : {}) },
      providerMetadata: providerMetadata(data),
    };
  }

  /** An edit goes to images/edits as multipart (the fields are the same); a generation posts JSON. Either streams when drafts are asked. */
  private post(call: Omit<EditCall, "edit" | "url">, options: CallOptions): Promise<JsonResult<ImagesResponse>> {
    const edit = options.edit;
    if (edit) {
      const url = `${this.settings.baseUrl}/images/edits`;
      return edit.partials ? postImagesEditStream({ ...call, url, edit }, edit.partials) : postImagesEdit({ ...call, url, edit });
    }
    const url = `${this.settings.baseUrl}/images/generations`;
    const partials = this.streamsPartials ? requestedPartials() : undefined;
    return partials ? postImagesGenerationStream({ ...call, url }, partials) : postJson({ ...call, url, schema: imagesResponseSchema });
  }

  private buildBody(options: CallOptions): { body: Body; sent: GenerateResult["sent"]; warnings: Warning[] } {
    const warnings: Warning[] = [];
    const unsupported = (param: string, message: string) => warnings.push({ type: "unsupported", param, message });
    const name = this.settings.name;

    const native = options.outputFormat && NATIVE_FORMATS.has(options.outputFormat) ? options.outputFormat : undefined;
    const compression = native && COMPRESSIBLE.has(native) ? options.outputCompression : undefined;
    // Unknown caller parameters (background, moderation, …) sit beside ours; ours win on a clash.
    const extra = Object.fromEntries(Object.entries(options.extra).filter(([key]) => !STREAMING_EXTRAS.includes(key)));
    const body: Body = {
      ...extra,
      model: this.modelId,
      prompt: options.prompt,
      n: options.n,
      size: `${options.width}x${options.height}`,
      ...(options.quality !== undefined ? { quality: options.quality } : {}),
      ...(native ? { output_format: native } : {}),
      ...(compression !== undefined ? { output_compression: compression } : {}),
      ...(options.user !== undefined ? { user: options.user } : {}),
    };

    if (options.negativePrompt !== undefined) unsupported("negative_prompt", `${name}'s Images API has no negative prompt; it was not sent`);
    if (options.seed !== undefined && options.seedExplicit) unsupported("seed", `${name}'s Images API does not accept a seed; results are not reproducible`);
    if (options.style !== undefined) unsupported("style", `${name} has no style setting for ${this.modelId}; style was not sent`);
    if (options.thinking !== undefined) unsupported("thinking", `${name} has no thinking setting; thinking was not sent`);
    if (options.enhancePrompt !== undefined) unsupported("enhance_prompt", `${name} has no prompt-enhancement switch; enhance_prompt was not sent`);
    // A streamed request never gets here with them (the route takes them off); a stream: false is no request at all.
    for (const key of STREAMING_EXTRAS) {
      if (key in options.extra && options.extra[key] !== false) unsupported(key, `${key} applies to stream: true requests, which stream the gateway's own events; it was not sent`);
    }
    // With no output_format the image is png, which has no compression level (the normalizer covers the other cases).
    if (options.outputCompression !== undefined && options.outputFormat === undefined) {
      unsupported("output_compression", "output_compression applies to jpeg and webp; ignored because no output_format was given (png)");
    }

    const sent: GenerateResult["sent"] = {
      prompt: body.prompt,
      n: body.n,
      size: body.size,
      ...(body.quality !== undefined ? { quality: body.quality } : {}),
      ...(native ? { output_format: native } : {}),
      ...(compression !== undefined ? { output_compression: compression } : {}),
      ...(options.user !== undefined ? { user: options.user } : {}),
    };
    return { body, sent, warnings };
  }

  private async collectImages(data: ImagesResponse, requestedFormat: unknown, signal: AbortSignal): Promise<GeneratedImage[]> {
    const format = data.output_format ?? (typeof requestedFormat === "string" ? requestedFormat : "png");
    const declared = `image/${format === "jpg" ? "jpeg" : format}`;
    const entries = data.data.filter((entry) => entry !== null);
    return Promise.all(
      entries
        .filter((entry) => entry.b64_json || entry.url)
        .map(async (entry) => {
          const revised = entry.revised_prompt ? { revisedPrompt: entry.revised_prompt } : {};
          if (entry.b64_json) {
            return { bytes: decodeBase64Entry(entry.b64_json, declared).bytes, mediaType: declared, ...revised };
          }
          const downloaded = await downloadImage(entry.url!, {
            provider: this.provider,
            trustedBaseUrls: [this.settings.baseUrl],
            maxBytes: this.settings.maxDownloadBytes,
            signal,
            fetch: this.settings.fetch,
          });
          return { bytes: downloaded.bytes, mediaType: downloaded.mediaType, ...revised };
        }),
    );
  }
}

function mapUsage(data: ImagesResponse): ProviderUsage | undefined {
  const usage = data.usage;
  if (!usage) return undefined;
  return {
    ...(usage.input_tokens !== undefined ? { inputTokens: usage.input_tokens } : {}),
    ...(usage.input_tokens_details?.image_tokens !== undefined ? { inputImageTokens: usage.input_tokens_details.image_tokens } : {}),
    ...(usage.output_tokens !== undefined ? { outputTokens: usage.output_tokens } : {}),
  };
}

function providerMetadata(data: ImagesResponse): Record<string, unknown> | undefined {
  const entries = Object.entries({
    created: data.created,
    size: data.size,
    quality: data.quality,
    background: data.background,
    outputFormat: data.output_format,
    totalTokens: data.usage?.total_tokens,
  }).filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

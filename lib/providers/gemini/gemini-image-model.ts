import type { ProviderOffer } from "@/lib/catalog/schema";
import { googleJsonErrors, type GoogleErrorContext } from "@/lib/providers/google/google-errors";
import type { FetchFn } from "@/lib/providers/shared/http";
import { postJson } from "@/lib/providers/shared/json-call";
import type { CallContext, CallOptions, GenerateResult, ImageModel } from "@/lib/providers/types";
import { buildGenerateContentRequest, type GenerateContentDialect } from "./generate-content-request";
import { readGenerateContentImages } from "./generate-content-response";
import { generateContentResponseSchema } from "./gemini-schemas";

export interface GeminiImageSettings extends GoogleErrorContext {
  dialect: GenerateContentDialect;
  /** The full `…/models/{model}:generateContent` URL. */
  url: string;
  /** Auth headers, fetched per call (Vertex tokens expire). */
  headers: (signal: AbortSignal) => Promise<Record<string, string>>;
  fetch?: FetchFn;
}

/**
 * Gemini's native image models ("Nano Banana") through generateContent, one image per call; shared by the
 * Gemini API (API key) and Vertex AI (OAuth token), which take the same body and answer alike.
 */
export class GeminiImageModel implements ImageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly maxImagesPerCall: number;

  constructor(
    offer: ProviderOffer,
    private readonly settings: GeminiImageSettings,
  ) {
    this.provider = settings.provider;
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    const request = buildGenerateContentRequest(options, `${this.settings.providerName} ${this.modelId}`, this.settings.dialect);
    const { data, response } = await postJson({
      provider: this.provider,
      url: this.settings.url,
      headers: await this.settings.headers(signal),
      body: request.body,
      signal,
      fetch: this.settings.fetch,
      schema: generateContentResponseSchema,
      errors: googleJsonErrors(this.settings),
    });
    const { requestId, ...result } = readGenerateContentImages(this.settings, response, data, options.seed);
    return {
      ...result,
      warnings: request.warnings,
      sent: request.sent,
      response: { status: response.status, ...(requestId ? { requestId } : {}) },
    };
  }
}

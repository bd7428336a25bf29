import type { ProviderOffer } from "@/lib/catalog/schema";
import { seedAt } from "@/lib/providers/shared/seed";
import type { FetchFn } from "@/lib/providers/shared/http";
import { postJson } from "@/lib/providers/shared/json-call";
import type { CallContext, CallOptions, GenerateResult, ImageModel } from "@/lib/providers/types";
import { googleJsonErrors, type GoogleErrorContext } from "./google-errors";
import { buildPredictRequest, type PredictDialect } from "./google-predict-request";
import { predictResponseSchema, readPredictResponse } from "./google-predict-response";

export interface ImagenPredictSettings extends GoogleErrorContext {
  dialect: PredictDialect;
  /** The full `…/models/{model}:predict` URL. */
  url: string;
  /** Auth headers, fetched per call (Vertex tokens expire). */
  headers: (signal: AbortSignal) => Promise<Record<string, string>>;
  fetch?: FetchFn;
}

/** Imagen through Google's synchronous `:predict` endpoint, shared by Vertex AI and the Gemini API. */
export class ImagenPredictModel implements ImageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly maxImagesPerCall: number;

  constructor(
    private readonly offer: ProviderOffer,
    private readonly settings: ImagenPredictSettings,
  ) {
    this.provider = settings.provider;
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    const { dialect, providerName } = this.settings;
    const request = buildPredictRequest(options, this.offer, dialect, providerName);
    const { data, response } = await postJson({
      provider: this.provider,
      url: this.settings.url,
      headers: await this.settings.headers(signal),
      body: request.body,
      signal,
      fetch: this.settings.fetch,
      schema: predictResponseSchema,
      errors: googleJsonErrors(this.settings),
    });
    const result = readPredictResponse(this.settings, response, data);
    // Vertex honours the seed; the Gemini API gets none, so its images have no reproducible seed.
    const seeded = dialect === "vertex" && options.seed !== undefined;
    return {
      images: result.images.map((image, i) => (seeded ? { ...image, seed: seedAt(options.seed!, i) } : image)),
      warnings: request.warnings,
      sent: request.sent,
      response: { status: response.status },
      providerMetadata: {
        ...(result.filteredReasons.length ? { raiFilteredReasons: result.filteredReasons } : {}),
        ...(result.safetyAttributes !== undefined ? { positivePromptSafetyAttributes: result.safetyAttributes } : {}),
      },
    };
  }
}

import type { ProviderOffer } from "@/lib/catalog/schema";
import type { Warning } from "@/lib/params/warning";
import { ProviderError } from "../errors";
import { downloadImage } from "../shared/download-image";
import type { CallContext, CallOptions, GenerateResult, ImageModel } from "../types";
import { REPLICATE, predictionError } from "./replicate-errors";
import { replicateEditInput } from "./replicate-edit";
import { REPLICATE_MODELS, buildInput } from "./replicate-inputs";
import { runPrediction, type PredictionSettings } from "./replicate-predictions";

export interface ReplicateSettings extends PredictionSettings {
  maxDownloadBytes: number;
  /** DNS resolver for output URLs, injectable for tests. */
  resolve?: (host: string) => Promise<string[]>;
}

const MEDIA_TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

/** One Replicate official model, run as a prediction whose output URLs are downloaded. */
export class ReplicateImageModel implements ImageModel {
  readonly provider = REPLICATE;
  readonly modelId: string;
  readonly maxImagesPerCall: number;

  constructor(
    offer: ProviderOffer,
    private readonly settings: ReplicateSettings,
  ) {
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    const family = REPLICATE_MODELS[this.modelId];
    if (!family) {
      throw new ProviderError({
        provider: REPLICATE,
        kind: "not_found",
        message: `Darkroom does not know the inputs of Replicate's ${this.modelId}`,
      });
    }
    const { input, sent, warnings, format } = buildInput(this.modelId, family, options);
    const edit = await replicateEditInput(options.edit, { settings: this.settings, modelId: this.modelId, signal });
    warnings.push(...edit.warnings);
    const { prediction, status } = await runPrediction(this.settings, this.modelId, { ...input, ...edit.input }, signal);
    if (prediction.status !== "succeeded") throw predictionError(prediction);
    if (prediction.output.length === 0) {
      throw new ProviderError({
        provider: REPLICATE,
        kind: "upstream",
        message: `Replicate prediction ${prediction.id} succeeded without an output image`,
        responseBody: prediction,
      });
    }

    const downloads = await Promise.all(
      prediction.output.map((url) =>
        downloadImage(url, {
          provider: REPLICATE,
          trustedBaseUrls: [this.settings.baseUrl],
          maxBytes: this.settings.maxDownloadBytes,
          signal,
          fetch: this.settings.fetch,
          resolve: this.settings.resolve,
        }),
      ),
    );

    // FLUX seeds the batch's noise as a whole: the seed reproduces a single image only when n is 1.
    const seeded = family.seedField !== undefined;
    const batchSeed = seeded && options.n > 1;
    const notes: Warning[] = [];
    if (batchSeed && options.seedExplicit) {
      notes.push({
        type: "other",
        param: "seed",
        message: `Replicate seeds a batch of ${options.n} as a whole: seed ${options.seed} reproduces this batch with n=${options.n}, not its single images`,
      });
    }
    return {
      images: downloads.map(({ bytes, mediaType }) => ({
        bytes,
        mediaType: mediaType.startsWith("image/") ? mediaType : (MEDIA_TYPES[format] ?? mediaType),
        seed: seeded && !batchSeed ? options.seed : undefined,
      })),
      warnings: [...warnings, ...notes],
      sent,
      response: { status, requestId: prediction.id },
      providerMetadata: {
        predictionId: prediction.id,
        model: prediction.model,
        version: prediction.version,
        predictTimeSeconds: prediction.metrics?.predict_time,
        ...(batchSeed ? { batchSeed: options.seed } : {}),
      },
    };
  }
}

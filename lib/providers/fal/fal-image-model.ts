import type { ProviderOffer } from "@/lib/catalog/schema";
import { ProviderError } from "../errors";
import { downloadImage } from "../shared/download-image";
import { seedAt } from "../shared/seed";
import type { CallContext, CallOptions, GeneratedImage, GenerateResult, ImageModel } from "../types";
import { falEditInput } from "./fal-edit";
import { buildFalRequest, falFamily } from "./fal-inputs";
import { runFalJob, type FalQueueSettings } from "./fal-queue";
import { falOutputSchema, parseFal } from "./fal-schemas";

export interface FalModelSettings extends FalQueueSettings {
  maxDownloadBytes: number;
}

/** One fal endpoint (e.g. fal-ai/imagen4/preview) behind the queue API. */
export class FalImageModel implements ImageModel {
  readonly provider = "fal";
  readonly modelId: string;
  readonly maxImagesPerCall: number;
  /** The endpoint that edits (FLUX.1 Kontext: …/kontext beside …/kontext/text-to-image). */
  private readonly editModelId: string;
  private readonly offerKey: string;

  constructor(
    offer: ProviderOffer,
    private readonly settings: FalModelSettings,
  ) {
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
    this.editModelId = offer.edit?.providerModelId ?? offer.providerModelId;
    this.offerKey = offer.key;
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    const endpoint = options.edit ? this.editModelId : this.modelId;
    const family = falFamily(endpoint);
    if (!family) {
      throw new ProviderError({ provider: "fal", kind: "not_found", message: `the fal.ai adapter does not know the inputs of ${endpoint}` });
    }
    const request = buildFalRequest(family, endpoint, options, this.offerKey);
    const edit = falEditInput(options.edit);
    request.warnings.push(...edit.warnings);
    const job = await runFalJob(this.settings, endpoint, { ...request.input, ...edit.input }, signal);
    const output = parseFal(falOutputSchema, job.output, "model output");
    if (output.images.length === 0) {
      throw new ProviderError({ provider: "fal", kind: "upstream", message: `fal.ai completed request ${job.requestId} without an image` });
    }

    // Seeds follow the image's position in fal's answer, before safety placeholders are dropped.
    const reportedSeed = output.seed !== undefined && Number.isSafeInteger(output.seed) ? output.seed : undefined;
    const firstSeed = reportedSeed ?? options.seed;
    // A true has_nsfw_concepts entry marks a black placeholder, not a picture.
    const kept = output.images.map((file, index) => ({ file, index })).filter(({ index }) => output.nsfw[index] !== true);
    if (kept.length === 0) {
      throw new ProviderError({
        provider: "fal",
        kind: "content_policy",
        message: `fal.ai's safety checker blocked all ${output.images.length} image(s) of request ${job.requestId}`,
      });
    }
    const images: GeneratedImage[] = await Promise.all(
      kept.map(async ({ file, index }) => {
        const image = await downloadImage(file.url, {
          provider: "fal",
          trustedBaseUrls: [this.settings.queueUrl],
          maxBytes: this.settings.maxDownloadBytes,
          signal,
          fetch: this.settings.fetch,
        });
        const mediaType = image.mediaType.startsWith("image/") ? image.mediaType : (file.content_type ?? image.mediaType);
        return { bytes: image.bytes, mediaType, ...(firstSeed !== undefined ? { seed: seedAt(firstSeed, index) } : {}) };
      }),
    );

    return {
      images,
      warnings: request.warnings,
      sent: request.sent,
      response: { status: job.httpStatus, requestId: job.requestId },
      providerMetadata: {
        requestId: job.requestId,
        ...(output.seed !== undefined ? { seed: output.seed } : {}),
        // Newer Imagen 4 endpoints describe the picture; it is not a rewritten prompt.
        ...(output.description ? { description: output.description } : {}),
        ...(output.timings ? { timings: output.timings } : {}),
        ...(job.metrics?.inference_time != null ? { inferenceTimeSeconds: job.metrics.inference_time } : {}),
        ...(kept.length < output.images.length ? { safetyFiltered: output.images.length - kept.length } : {}),
      },
    };
  }
}

import type { ProviderOffer, PublicParam } from "@/lib/catalog/schema";
import type { Warning } from "@/lib/params/warning";
import type { CallOptions } from "@/lib/providers/types";

/**
 * Vertex AI accepts every Imagen parameter; the Gemini API refuses negativePrompt, seed, addWatermark
 * and enhancePrompt (the google-genai SDK rejects them client-side in that mode).
 */
export type PredictDialect = "vertex" | "gemini";

export interface PredictRequest {
  body: { instances: [{ prompt: string }]; parameters: Record<string, unknown> };
  sent: Partial<Record<PublicParam, unknown>>;
  warnings: Warning[];
}

const unsupported = (param: string, message: string): Warning => ({ type: "unsupported", param, message });

/** The `:predict` body for one Imagen call, what each public parameter became, and what was dropped. */
export function buildPredictRequest(options: CallOptions, offer: ProviderOffer, dialect: PredictDialect, providerName: string): PredictRequest {
  const warnings: Warning[] = [];
  const own: Record<string, unknown> = {
    sampleCount: options.n,
    aspectRatio: options.aspectRatio,
  };
  const size: Record<string, string> = { aspectRatio: options.aspectRatio };
  // Models with a single tier (Imagen 4 Fast: 1K) reject sampleImageSize altogether.
  if (offer.tiers.length > 1) {
    own.sampleImageSize = options.tier;
    size.sampleImageSize = options.tier;
  }
  const sent: Partial<Record<PublicParam, unknown>> = { prompt: options.prompt, n: options.n, size };

  if (dialect === "vertex") {
    if (options.negativePrompt !== undefined) own.negativePrompt = sent.negative_prompt = options.negativePrompt;
    if (options.seed !== undefined) {
      own.seed = sent.seed = options.seed;
      // Imagen refuses a seed while the SynthID watermark is on.
      own.addWatermark = false;
    }
    if (options.enhancePrompt !== undefined) own.enhancePrompt = sent.enhance_prompt = options.enhancePrompt;
  } else {
    if (options.negativePrompt !== undefined) {
      warnings.push(unsupported("negative_prompt", `${providerName} does not accept negative prompts for Imagen; negative_prompt was ignored`));
    }
    if (options.seedExplicit) {
      warnings.push(unsupported("seed", `${providerName} does not accept seeds for Imagen; results will not be reproducible`));
    }
    if (options.enhancePrompt !== undefined) {
      warnings.push(unsupported("enhance_prompt", `${providerName} does not expose Imagen's prompt enhancement; enhance_prompt was ignored`));
    }
  }

  // PNG and JPEG are native; other formats are converted by the gateway from the default PNG.
  if (options.outputFormat === "png" || options.outputFormat === "jpeg") {
    const outputOptions: Record<string, unknown> = { mimeType: `image/${options.outputFormat}` };
    sent.output_format = outputOptions.mimeType;
    if (options.outputFormat === "jpeg" && options.outputCompression !== undefined) {
      outputOptions.compressionQuality = sent.output_compression = options.outputCompression;
    }
    own.outputOptions = outputOptions;
  }
  // Without it, filtered images vanish silently; with it, each leaves a reason we can report.
  own.includeRaiReason = true;

  for (const [param, value] of [["quality", options.quality], ["style", options.style], ["thinking", options.thinking], ["user", options.user]] as const) {
    if (value !== undefined) warnings.push(unsupported(param, `${providerName} Imagen has no ${param} setting; ${param} was ignored`));
  }
  for (const key of Object.keys(options.extra)) {
    if (key in own) warnings.push({ type: "adjusted", param: key, message: `parameters.${key} is set by Darkroom for ${providerName}; your value was replaced` });
  }

  return { body: { instances: [{ prompt: options.prompt }], parameters: { ...options.extra, ...own } }, sent, warnings };
}

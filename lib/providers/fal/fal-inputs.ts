import type { PublicParam } from "@/lib/catalog/schema";
import type { OutputFormat } from "@/lib/params/request-schema";
import type { Warning } from "@/lib/params/warning";
import type { CallOptions } from "../types";

/** How one family of fal endpoints takes its input: the differences are data, the assembly is shared. */
interface FalFamily {
  /** Endpoint ids of the family start with this. */
  prefix: string;
  name: string;
  /** Output formats the endpoints make natively; the gateway converts to anything else. */
  formats: readonly OutputFormat[];
  negativePrompt: boolean;
  /** The size fields of the input. */
  size(options: CallOptions, modelId: string): Record<string, unknown>;
  /** Inputs fixed by the catalog model (offer key `fal/<model>`) when several models share one endpoint. */
  fixed?(offerKey: string): Record<string, unknown>;
}

// Ideogram 3.0's speeds are one fal endpoint with rendering_speed; the catalog has a model per speed.
const IDEOGRAM_SPEEDS = ["turbo", "balanced", "quality"] as const;
const ideogramSpeed = (offerKey: string) => IDEOGRAM_SPEEDS.find((s) => offerKey.endsWith(`-${s}`))?.toUpperCase() ?? "BALANCED";

// fal's FLUX presets at 1K; other tiers (0.5K) go as explicit pixels.
const FLUX_PRESETS: Record<string, string> = {
  "1:1": "square_hd",
  "4:3": "landscape_4_3",
  "3:4": "portrait_4_3",
  "16:9": "landscape_16_9",
  "9:16": "portrait_16_9",
};

const FAMILIES: FalFamily[] = [
  {
    prefix: "fal-ai/imagen4/",
    name: "Imagen 4",
    formats: ["png", "jpeg", "webp"],
    negativePrompt: true,
    // The fast endpoint has no resolution input (1K only).
    size: (o, modelId) => (modelId.endsWith("/fast") ? { aspect_ratio: o.aspectRatio } : { aspect_ratio: o.aspectRatio, resolution: o.tier }),
  },
  {
    prefix: "fal-ai/flux/",
    name: "FLUX.1",
    formats: ["jpeg", "png"],
    negativePrompt: false,
    size: (o) => {
      const preset = o.tier === "1K" ? FLUX_PRESETS[o.aspectRatio] : undefined;
      return { image_size: preset ?? { width: o.width, height: o.height } };
    },
  },
  {
    prefix: "fal-ai/flux-pro/kontext",
    name: "FLUX.1 Kontext",
    formats: ["jpeg", "png"],
    negativePrompt: false,
    size: (o) => ({ aspect_ratio: o.aspectRatio }),
  },
  {
    prefix: "fal-ai/flux-pro/v1.1",
    name: "FLUX 1.1 [pro]",
    formats: ["jpeg", "png"],
    negativePrompt: false,
    size: (o) => ({ image_size: FLUX_PRESETS[o.aspectRatio] ?? { width: o.width, height: o.height } }),
  },
  // Seedream and Recraft take explicit pixels: the catalog's native size for the ratio and tier.
  {
    prefix: "fal-ai/bytedance/seedream/",
    name: "Seedream",
    formats: [],
    negativePrompt: false,
    size: (o) => ({ image_size: { width: o.width, height: o.height } }),
  },
  {
    prefix: "fal-ai/ideogram/v3",
    name: "Ideogram 3.0",
    formats: [],
    negativePrompt: true,
    size: (o) => ({ image_size: { width: o.width, height: o.height } }),
    fixed: (offerKey) => ({ rendering_speed: ideogramSpeed(offerKey) }),
  },
  {
    prefix: "fal-ai/recraft/",
    name: "Recraft",
    formats: [],
    negativePrompt: false,
    size: (o) => ({ image_size: { width: o.width, height: o.height } }),
  },
];

export const falFamily = (modelId: string): FalFamily | undefined => FAMILIES.find((f) => modelId.startsWith(f.prefix));

export interface FalRequest {
  input: Record<string, unknown>;
  sent: Partial<Record<PublicParam, unknown>>;
  warnings: Warning[];
}

/** Public parameters no fal family has an input for. */
const UNSUPPORTED: [PublicParam, (o: CallOptions) => unknown][] = [
  ["quality", (o) => o.quality],
  ["style", (o) => o.style],
  ["thinking", (o) => o.thinking],
  ["enhance_prompt", (o) => o.enhancePrompt],
  ["user", (o) => o.user],
];

/** The input object of one fal call, what went on the wire per public parameter, and what was dropped. */
export function buildFalRequest(family: FalFamily, modelId: string, options: CallOptions, offerKey = ""): FalRequest {
  const warnings: Warning[] = [];
  const drop = (param: PublicParam) =>
    warnings.push({ type: "unsupported", param, message: `fal.ai's ${family.name} endpoints have no ${param} input; it was not sent` });

  const negativePrompt = family.negativePrompt ? options.negativePrompt : undefined;
  if (options.negativePrompt !== undefined && !family.negativePrompt) drop("negative_prompt");
  for (const [param, value] of UNSUPPORTED) if (value(options) !== undefined) drop(param);
  const outputFormat = options.outputFormat && family.formats.includes(options.outputFormat) ? options.outputFormat : undefined;
  const size = family.size(options, modelId);

  const own: Record<string, unknown> = {
    prompt: options.prompt,
    ...(negativePrompt !== undefined ? { negative_prompt: negativePrompt } : {}),
    num_images: options.n,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...size,
    ...(outputFormat ? { output_format: outputFormat } : {}),
    ...family.fixed?.(offerKey),
  };
  // Unknown parameters sit beside fal's own; the ones the gateway derives from public parameters win.
  for (const key of Object.keys(options.extra)) {
    if (key in own) {
      warnings.push({ type: "adjusted", param: key, message: `${key} is set by the gateway from the standard parameters; the value passed through was ignored` });
    }
  }
  return {
    input: { ...options.extra, ...own },
    sent: {
      prompt: options.prompt,
      negative_prompt: negativePrompt,
      seed: options.seed,
      n: options.n,
      size,
      output_format: outputFormat,
    },
    warnings,
  };
}

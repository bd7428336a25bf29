import type { PublicParam, Tier } from "@/lib/catalog/schema";
import type { OutputFormat } from "@/lib/params/request-schema";
import type { Warning } from "@/lib/params/warning";
import { ProviderError } from "../errors";
import type { CallOptions } from "../types";
import { REPLICATE } from "./replicate-errors";

/** How one Replicate model family spells the gateway's options: data, applied by `buildInput`. */
export interface InputFamily {
  /** Input field for the image count; absent when a prediction makes exactly one image. */
  countField?: string;
  /** Input field for the seed; absent when the model cannot be seeded. */
  seedField?: string;
  /** Output formats the model makes natively, as it spells them (the gateway converts the rest). */
  formats: Partial<Record<OutputFormat, string>>;
  /** What the model makes when output_format is not sent. */
  defaultFormat: string;
  /** Input field for lossy quality, and the native formats it applies to. */
  quality?: { field: string; formats: string[] };
  /** Input fields for each tier the model offers. */
  tiers: Partial<Record<Tier, Record<string, string>>>;
}

const imagen = (tiers: InputFamily["tiers"]): InputFamily => ({
  formats: { png: "png", jpeg: "jpg" },
  defaultFormat: "jpg",
  tiers,
});

const flux: InputFamily = {
  countField: "num_outputs",
  seedField: "seed",
  formats: { png: "png", jpeg: "jpg", webp: "webp" },
  defaultFormat: "webp",
  quality: { field: "output_quality", formats: ["jpg", "webp"] },
  tiers: { "0.5K": { megapixels: "0.25" }, "1K": { megapixels: "1" } },
};

// FLUX pro models make one image per prediction and size it from aspect_ratio alone.
const fluxPro: InputFamily = {
  seedField: "seed",
  formats: { png: "png", jpeg: "jpg", webp: "webp" },
  defaultFormat: "webp",
  quality: { field: "output_quality", formats: ["jpg", "webp"] },
  tiers: { "1K": {} },
};

const kontext: InputFamily = { seedField: "seed", formats: { png: "png", jpeg: "jpg" }, defaultFormat: "png", tiers: { "1K": {} } };

// Seedream 4 has no seed or output_format input; `size` picks the tier.
const seedream: InputFamily = { formats: {}, defaultFormat: "jpg", tiers: { "1K": { size: "1K" }, "2K": { size: "2K" } } };

const recraft: InputFamily = { formats: {}, defaultFormat: "webp", tiers: { "1K": {} } };

// Ideogram 3.0 (one model per speed) makes one png per prediction, seeded, sized by aspect_ratio.
const ideogram: InputFamily = { seedField: "seed", formats: {}, defaultFormat: "png", tiers: { "1K": {} } };

/** Models Darkroom knows how to call on Replicate, by provider model id. */
export const REPLICATE_MODELS: Record<string, InputFamily> = {
  "google/imagen-4": imagen({ "1K": { image_size: "1K" }, "2K": { image_size: "2K" } }),
  // imagen-4-fast has no image_size input: it is 1K only.
  "google/imagen-4-fast": imagen({ "1K": {} }),
  "google/imagen-4-ultra": imagen({ "1K": { image_size: "1K" }, "2K": { image_size: "2K" } }),
  "black-forest-labs/flux-dev": flux,
  "black-forest-labs/flux-schnell": flux,
  "black-forest-labs/flux-1.1-pro": fluxPro,
  "black-forest-labs/flux-kontext-pro": kontext,
  "black-forest-labs/flux-kontext-max": kontext,
  "bytedance/seedream-4": seedream,
  "recraft-ai/recraft-v3": recraft,
  "ideogram-ai/ideogram-v3-turbo": ideogram,
  "ideogram-ai/ideogram-v3-balanced": ideogram,
  "ideogram-ai/ideogram-v3-quality": ideogram,
};

export interface BuiltInput {
  input: Record<string, unknown>;
  sent: Partial<Record<PublicParam, unknown>>;
  warnings: Warning[];
  /** The output format the prediction will make, as Replicate spells it. */
  format: string;
}

const UNSENT: [PublicParam, (o: CallOptions) => unknown][] = [
  ["negative_prompt", (o) => o.negativePrompt],
  ["quality", (o) => o.quality],
  ["style", (o) => o.style],
  ["thinking", (o) => o.thinking],
  ["enhance_prompt", (o) => o.enhancePrompt],
  ["user", (o) => o.user],
];

/** The prediction's `input` for one call: every option used, converted or turned into a warning. */
export function buildInput(modelId: string, family: InputFamily, options: CallOptions): BuiltInput {
  const warnings: Warning[] = [];
  for (const [param, value] of UNSENT) {
    if (value(options) !== undefined) {
      warnings.push({ type: "unsupported", param, message: `${modelId} on Replicate has no ${param} input; it was not sent` });
    }
  }
  const tierFields = family.tiers[options.tier];
  if (!tierFields) {
    throw new ProviderError({
      provider: REPLICATE,
      kind: "invalid_request",
      message: `Replicate's ${modelId} does not offer the ${options.tier} resolution`,
    });
  }
  const ours: Record<string, unknown> = { prompt: options.prompt, aspect_ratio: options.aspectRatio, ...tierFields };
  if (family.countField) ours[family.countField] = options.n;
  if (family.seedField) ours[family.seedField] = options.seed;
  else if (options.seedExplicit) {
    warnings.push({ type: "unsupported", param: "seed", message: `${modelId} on Replicate has no seed input; the image is not reproducible` });
  }
  const nativeFormat = options.outputFormat && family.formats[options.outputFormat];
  if (nativeFormat) ours.output_format = nativeFormat;
  const format = nativeFormat ?? family.defaultFormat;
  // Quality is sent only when the caller keeps the format Replicate makes; when the gateway converts,
  // it applies the compression itself.
  const delivered = nativeFormat !== undefined || options.outputFormat === undefined;
  if (options.outputCompression !== undefined && delivered && family.quality?.formats.includes(format)) {
    ours[family.quality.field] = options.outputCompression;
  }
  // Unknown caller parameters go last: they are the caller's explicit word on a model input.
  const input = { ...ours, ...options.extra };
  const pick = (fields: string[]) => Object.fromEntries(fields.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));
  const sent: Partial<Record<PublicParam, unknown>> = {
    prompt: input.prompt,
    size: pick(["aspect_ratio", ...Object.keys(tierFields)]),
  };
  if (family.countField) sent.n = input[family.countField];
  if (family.seedField) sent.seed = input[family.seedField];
  if (input.output_format !== undefined) sent.output_format = input.output_format;
  if (family.quality && input[family.quality.field] !== undefined) sent.output_compression = input[family.quality.field];
  return { input, sent, warnings, format: typeof input.output_format === "string" ? input.output_format : format };
}

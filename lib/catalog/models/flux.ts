import type { ModelInput, ParamSupport, PublicParam } from "../schema";

// fal's image_size presets (square_hd, landscape_4_3, …) at 1K; 0.5K uses the same ratios at half the edge.
const SIZES = {
  "0.5K": {
    "1:1": { native: [512, 512] },
    "4:3": { native: [512, 384] },
    "3:4": { native: [384, 512] },
    "16:9": { native: [512, 288] },
    "9:16": { native: [288, 512] },
  },
  "1K": {
    "1:1": { native: [1024, 1024] },
    "4:3": { native: [1024, 768] },
    "3:4": { native: [768, 1024] },
    "16:9": { native: [1024, 576] },
    "9:16": { native: [576, 1024] },
  },
} as const;
const RATIOS = ["1:1", "4:3", "3:4", "16:9", "9:16"];

const falParams: Partial<Record<PublicParam, ParamSupport>> = {
  prompt: { mode: "passthrough" },
  negative_prompt: { mode: "unsupported", note: "FLUX has no negative prompt" },
  seed: { mode: "passthrough" },
  n: { mode: "renamed", wire: "num_images", note: "up to 4 per call" },
  size: { mode: "converted", wire: "image_size", note: "a preset name, or {width, height} for 0.5K" },
  response_format: { mode: "emulated" },
  output_format: { mode: "converted", wire: "output_format", note: "jpeg and png natively" },
  output_compression: { mode: "emulated" },
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  enhance_prompt: { mode: "unsupported" },
  user: { mode: "unsupported" },
};

const replicateParams: Partial<Record<PublicParam, ParamSupport>> = {
  prompt: { mode: "passthrough", wire: "input.prompt" },
  negative_prompt: { mode: "unsupported", note: "FLUX has no negative prompt" },
  seed: { mode: "passthrough", wire: "input.seed", note: "one seed per batch: an image is reproducible on its own only with n=1" },
  n: { mode: "renamed", wire: "input.num_outputs", note: "up to 4 per prediction" },
  size: { mode: "converted", wire: "input.aspect_ratio + input.megapixels", note: "Replicate's own sizes: 1:1 1024x1024, 4:3 1152x896, 16:9 1344x768; 0.5K halves them" },
  response_format: { mode: "emulated" },
  output_format: { mode: "converted", wire: "input.output_format", note: "webp, jpg and png natively" },
  output_compression: { mode: "renamed", wire: "input.output_quality" },
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  enhance_prompt: { mode: "unsupported" },
  user: { mode: "unsupported" },
};

function flux(opts: {
  id: string;
  name: string;
  description: string;
  fal: string;
  replicate: string;
  falPrice: number;
  replicatePrice: number;
}): ModelInput {
  const tiers = ["0.5K", "1K"] as const;
  const perImage = (usd: number) => ({ "0.5K": usd, "1K": usd });
  return {
    id: opts.id,
    name: opts.name,
    creator: "Black Forest Labs",
    family: "flux-1",
    description: opts.description,
    lifecycle: { state: "active" },
    promptMaxChars: 4000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: SIZES as unknown as ModelInput["sizes"],
    providers: [
      {
        provider: "fal",
        providerModelId: opts.fal,
        tiers: [...tiers],
        aspectRatios: RATIOS,
        maxImagesPerCall: 4,
        price: { perImage: perImage(opts.falPrice), source: "fal.ai model page (per megapixel, rounded to one image)", verified: false },
        params: falParams,
      },
      {
        provider: "replicate",
        providerModelId: opts.replicate,
        tiers: [...tiers],
        aspectRatios: RATIOS,
        maxImagesPerCall: 4,
        price: { perImage: perImage(opts.replicatePrice), source: "replicate.com model page", verified: false },
        params: replicateParams,
      },
    ],
  };
}

export const fluxModels: ModelInput[] = [
  flux({
    id: "flux-dev",
    name: "FLUX.1 [dev]",
    description: "Black Forest Labs' open-weights 12B guidance-distilled model.",
    fal: "fal-ai/flux/dev",
    replicate: "black-forest-labs/flux-dev",
    falPrice: 0.025,
    replicatePrice: 0.025,
  }),
  flux({
    id: "flux-schnell",
    name: "FLUX.1 [schnell]",
    description: "The fastest FLUX.1 model: four steps, Apache-2.0 weights.",
    fal: "fal-ai/flux/schnell",
    replicate: "black-forest-labs/flux-schnell",
    falPrice: 0.003,
    replicatePrice: 0.003,
  }),
];

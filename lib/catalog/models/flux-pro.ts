import type { ModelInput } from "../schema";
import { hostedOffer, hostedParams, sizeTable } from "./hosted-offers";

const READ = "read 2026-12-02";

// fal's FLUX presets at 1K (square_hd, landscape_4_3, …), as for FLUX.1 [dev].
const PRO_SIZES = sizeTable([["1:1", 1024, 1024], ["4:3", 1024, 768], ["3:4", 768, 1024], ["16:9", 1024, 576], ["9:16", 576, 1024]]);
// Kontext makes about one megapixel at each aspect ratio both hosts accept.
const KONTEXT_SIZES = sizeTable([
  ["1:1", 1024, 1024], ["4:3", 1184, 880], ["3:4", 880, 1184], ["3:2", 1248, 832],
  ["2:3", 832, 1248], ["16:9", 1392, 752], ["9:16", 752, 1392], ["21:9", 1568, 672],
]);

const falFlux = (format: string) =>
  hostedParams({
    n: { mode: "renamed", wire: "num_images", note: "up to 4 per call" },
    output_format: { mode: "converted", wire: "output_format", note: format },
  });
const replicateFlux = (format: string) =>
  hostedParams({
    seed: { mode: "passthrough", wire: "input.seed" },
    size: { mode: "converted", wire: "input.aspect_ratio" },
    output_format: { mode: "converted", wire: "input.output_format", note: format },
  });

function fluxPro(opts: {
  id: string;
  name: string;
  description: string;
  sizes: Record<string, { native: [number, number] }>;
  fal: { id: string; usd: number; size: string; editId?: string };
  replicate: { id: string; usd: number; formats: string; edits?: boolean };
}): ModelInput {
  const ratios = Object.keys(opts.sizes);
  return {
    id: opts.id,
    name: opts.name,
    creator: "Black Forest Labs",
    family: "flux-1-pro",
    description: opts.description,
    lifecycle: { state: "active" },
    promptMaxChars: 4000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: { "1K": opts.sizes },
    providers: [
      hostedOffer({
        provider: "fal",
        providerModelId: opts.fal.id,
        tiers: ["1K"],
        aspectRatios: ratios,
        maxImagesPerCall: 4,
        usd: opts.fal.usd,
        source: `fal.ai model page, ${READ}`,
        params: { ...falFlux("jpeg and png natively"), size: { mode: "converted", wire: opts.fal.size } },
        ...(opts.fal.editId ? { edit: { providerModelId: opts.fal.editId, maxInputImages: 1, mask: false, note: "image_url (a data URI); no mask" } } : {}),
      }),
      hostedOffer({
        provider: "replicate",
        providerModelId: opts.replicate.id,
        tiers: ["1K"],
        aspectRatios: ratios,
        maxImagesPerCall: 1,
        usd: opts.replicate.usd,
        source: `replicate.com model page, ${READ}`,
        params: replicateFlux(opts.replicate.formats),
        ...(opts.replicate.edits ? { edit: { maxInputImages: 1, mask: false, note: "input.input_image (a data URI); no mask" } } : {}),
      }),
    ],
  };
}

export const fluxProModels: ModelInput[] = [
  fluxPro({
    id: "flux-1.1-pro",
    name: "FLUX 1.1 [pro]",
    description: "Black Forest Labs' fast commercial FLUX model.",
    sizes: PRO_SIZES,
    fal: { id: "fal-ai/flux-pro/v1.1", usd: 0.04, size: "image_size" },
    replicate: { id: "black-forest-labs/flux-1.1-pro", usd: 0.04, formats: "webp, jpg and png natively" },
  }),
  fluxPro({
    id: "flux-kontext-pro",
    name: "FLUX.1 Kontext [pro]",
    description: "FLUX.1 Kontext [pro]: text-to-image and in-context editing with strong prompt adherence.",
    sizes: KONTEXT_SIZES,
    fal: { id: "fal-ai/flux-pro/kontext/text-to-image", usd: 0.04, size: "aspect_ratio", editId: "fal-ai/flux-pro/kontext" },
    replicate: { id: "black-forest-labs/flux-kontext-pro", usd: 0.04, formats: "jpg and png natively", edits: true },
  }),
  fluxPro({
    id: "flux-kontext-max",
    name: "FLUX.1 Kontext [max]",
    description: "The strongest FLUX.1 Kontext model: better typography and prompt adherence, at twice the price.",
    sizes: KONTEXT_SIZES,
    fal: { id: "fal-ai/flux-pro/kontext/max/text-to-image", usd: 0.08, size: "aspect_ratio", editId: "fal-ai/flux-pro/kontext/max" },
    replicate: { id: "black-forest-labs/flux-kontext-max", usd: 0.08, formats: "jpg and png natively", edits: true },
  }),
];

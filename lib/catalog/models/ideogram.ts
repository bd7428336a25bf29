import type { ModelInput } from "../schema";
import { hostedOffer, hostedParams, sizeTable } from "./hosted-offers";

const READ = "read 2026-12-03";

// Ideogram 3.0's own resolutions per aspect ratio (in Replicate's resolution list); fal takes them as pixels.
const IDEOGRAM_RATIOS: [string, number, number][] = [
  ["1:1", 1024, 1024], ["4:3", 1152, 864], ["3:4", 864, 1152], ["3:2", 1248, 832],
  ["2:3", 832, 1248], ["16:9", 1312, 736], ["9:16", 736, 1312],
];

type Speed = "turbo" | "balanced" | "quality";

// Ideogram bills per rendering speed: fal's one endpoint takes it as rendering_speed, Replicate has a model each.
const SPEEDS: Record<Speed, { name: string; usd: number; blurb: string }> = {
  turbo: { name: "Turbo", usd: 0.03, blurb: "the fastest and cheapest speed" },
  balanced: { name: "Balanced", usd: 0.06, blurb: "Ideogram's default speed" },
  quality: { name: "Quality", usd: 0.09, blurb: "the slowest, most detailed speed" },
};

const ratios = IDEOGRAM_RATIOS.map(([r]) => r);

function ideogram(speed: Speed): ModelInput {
  const { name, usd, blurb } = SPEEDS[speed];
  return {
    id: `ideogram-v3-${speed}`,
    name: `Ideogram 3.0 ${name}`,
    creator: "Ideogram",
    family: "ideogram",
    description: `Ideogram's typography-first model (posters, logos, text in images) at ${blurb}.`,
    lifecycle: { state: "active", note: "Ideogram 4.0 is newer; 3.0 is still served by fal and Replicate" },
    promptMaxChars: 4000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: { "1K": sizeTable(IDEOGRAM_RATIOS) },
    providers: [
      hostedOffer({
        provider: "fal",
        providerModelId: "fal-ai/ideogram/v3",
        tiers: ["1K"],
        aspectRatios: ratios,
        maxImagesPerCall: 8,
        usd,
        source: `fal.ai Ideogram V3 pricing (${name}: $${usd}/image; unverified: fal lists per-speed prices on its Ideogram pages), ${READ}`,
        params: hostedParams({
          negative_prompt: { mode: "passthrough" },
          n: { mode: "renamed", wire: "num_images", note: "up to 8 per call" },
          size: { mode: "converted", wire: "image_size", note: "{width, height}; rendering_speed is this model's speed" },
        }),
      }),
      hostedOffer({
        provider: "replicate",
        providerModelId: `ideogram-ai/ideogram-v3-${speed}`,
        tiers: ["1K"],
        aspectRatios: ratios,
        maxImagesPerCall: 1,
        usd,
        source: `replicate.com ideogram-ai/ideogram-v3-${speed} model page (unverified), ${READ}`,
        params: hostedParams({ size: { mode: "converted", wire: "input.aspect_ratio" } }),
      }),
    ],
  };
}

export const ideogramModels: ModelInput[] = [ideogram("turbo"), ideogram("balanced"), ideogram("quality")];

import type { ModelInput } from "../schema";
import { hostedOffer, hostedParams, sizeTable } from "./hosted-offers";

const READ = "read 2026-12-02";

// Seedream 4 at its 1K and 2K sizes (Replicate logs 4:3 at 2K as 2304x1728); fal needs ≥ 921600 pixels.
const SEEDREAM_RATIOS: [string, number, number][] = [
  ["1:1", 1024, 1024], ["4:3", 1152, 864], ["3:4", 864, 1152], ["3:2", 1248, 832],
  ["2:3", 832, 1248], ["16:9", 1280, 720], ["9:16", 720, 1280],
];
// Recraft V3's own sizes per aspect ratio.
const RECRAFT_SIZES = sizeTable([["1:1", 1024, 1024], ["4:3", 1365, 1024], ["3:4", 1024, 1365], ["3:2", 1536, 1024], ["2:3", 1024, 1536], ["16:9", 1820, 1024], ["9:16", 1024, 1820]]);

const seedream: ModelInput = {
  id: "seedream-4",
  name: "Seedream 4.0",
  creator: "ByteDance",
  family: "seedream",
  description: "ByteDance's unified generation and editing model, strong on text and layouts, up to 4K natively.",
  lifecycle: { state: "active" },
  promptMaxChars: 4000,
  defaultAspectRatio: "1:1",
  defaultTier: "2K",
  sizes: {
    "1K": sizeTable(SEEDREAM_RATIOS),
    "2K": sizeTable(SEEDREAM_RATIOS.map(([r, w, h]) => [r, w * 2, h * 2])),
  },
  providers: [
    hostedOffer({
      provider: "fal",
      providerModelId: "fal-ai/bytedance/seedream/v4/text-to-image",
      tiers: ["1K", "2K"],
      aspectRatios: SEEDREAM_RATIOS.map(([r]) => r),
      maxImagesPerCall: 4,
      usd: 0.03,
      source: `fal.ai model page, ${READ}`,
      params: hostedParams({
        n: { mode: "renamed", wire: "num_images", note: "up to 4 per call" },
        size: { mode: "converted", wire: "image_size", note: "{width, height}" },
      }),
    }),
    hostedOffer({
      provider: "replicate",
      providerModelId: "bytedance/seedream-4",
      tiers: ["1K", "2K"],
      aspectRatios: SEEDREAM_RATIOS.map(([r]) => r),
      maxImagesPerCall: 1,
      usd: 0.03,
      source: `replicate.com model page, ${READ}`,
      params: hostedParams({
        seed: { mode: "unsupported", note: "Replicate's seedream-4 has no seed input" },
        size: { mode: "converted", wire: "input.aspect_ratio + input.size" },
      }),
    }),
  ],
};

const recraft: ModelInput = {
  id: "recraft-v3",
  name: "Recraft V3",
  creator: "Recraft",
  family: "recraft",
  description: "Recraft's design-oriented model: long text in images, brand styles, illustration and photo looks.",
  lifecycle: { state: "active" },
  promptMaxChars: 1000,
  defaultAspectRatio: "1:1",
  defaultTier: "1K",
  sizes: { "1K": RECRAFT_SIZES },
  providers: [
    hostedOffer({
      provider: "fal",
      providerModelId: "fal-ai/recraft/v3/text-to-image",
      tiers: ["1K"],
      aspectRatios: Object.keys(RECRAFT_SIZES),
      maxImagesPerCall: 1,
      usd: 0.04,
      source: `fal.ai model page (raster; vector styles cost twice), ${READ}`,
      params: hostedParams({
        seed: { mode: "unsupported", note: "Recraft V3 takes no seed" },
        size: { mode: "converted", wire: "image_size", note: "{width, height}" },
      }),
    }),
    hostedOffer({
      provider: "replicate",
      providerModelId: "recraft-ai/recraft-v3",
      tiers: ["1K"],
      aspectRatios: Object.keys(RECRAFT_SIZES),
      maxImagesPerCall: 1,
      usd: 0.04,
      source: `replicate.com model page, ${READ}`,
      params: hostedParams({
        seed: { mode: "unsupported", note: "Recraft V3 takes no seed" },
        size: { mode: "converted", wire: "input.aspect_ratio" },
      }),
    }),
  ],
};

export const thirdPartyModels: ModelInput[] = [seedream, recraft];

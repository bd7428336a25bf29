import type { ModelInput } from "../schema";

// Gemini 2.5 Flash Image's fixed output sizes per aspect ratio (about one megapixel each).
const RATIO_SIZES: Record<string, [number, number]> = {
  "1:1": [1024, 1024],
  "2:3": [832, 1248],
  "3:2": [1248, 832],
  "3:4": [864, 1184],
  "4:3": [1184, 864],
  "4:5": [896, 1152],
  "5:4": [1152, 896],
  "9:16": [768, 1344],
  "16:9": [1344, 768],
  "21:9": [1536, 672],
};

export const geminiImageModels: ModelInput[] = [
  {
    id: "gemini-2.5-flash-image",
    name: "Gemini 2.5 Flash Image",
    creator: "Google",
    family: "gemini-image",
    description: "Google's conversational image model (\"Nano Banana\"), served through generateContent.",
    lifecycle: { state: "active" },
    promptMaxChars: 8000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: { "1K": Object.fromEntries(Object.entries(RATIO_SIZES).map(([r, px]) => [r, { native: px }])) },
    providers: [
      {
        provider: "gemini",
        providerModelId: "gemini-2.5-flash-image",
        tiers: ["1K"],
        aspectRatios: Object.keys(RATIO_SIZES),
        maxImagesPerCall: 1,
        price: { perImage: { "1K": 0.039 }, source: "ai.google.dev/gemini-api/docs/pricing (1290 output tokens at $30/1M)", verified: false },
        params: {
          prompt: { mode: "renamed", wire: "contents[0].parts[0].text" },
          negative_prompt: { mode: "unsupported" },
          seed: { mode: "renamed", wire: "generationConfig.seed", note: "best effort: not guaranteed to reproduce" },
          n: { mode: "emulated", note: "one image per call; more are parallel calls" },
          size: { mode: "converted", wire: "generationConfig.imageConfig.aspectRatio" },
          response_format: { mode: "emulated" },
          output_format: { mode: "emulated" },
          output_compression: { mode: "emulated" },
          quality: { mode: "unsupported" },
          style: { mode: "unsupported" },
          enhance_prompt: { mode: "unsupported" },
          user: { mode: "unsupported" },
        },
      },
    ],
  },
];

import type { ModelInput, ParamSupport, PublicParam, Tier } from "../schema";

type Params = Partial<Record<PublicParam, ParamSupport>>;

// Google's Imagen 4 native pixel sizes (Vertex model page, verified) and the nominal sizes the API
// accepts in `size` (about one or four megapixels at each ratio).
const NATIVE: Record<"1K" | "2K", Record<string, [number, number]>> = {
  "1K": { "1:1": [1024, 1024], "4:3": [1280, 896], "3:4": [896, 1280], "16:9": [1408, 768], "9:16": [768, 1408] },
  "2K": { "1:1": [2048, 2048], "4:3": [2560, 1792], "3:4": [1792, 2560], "16:9": [2816, 1536], "9:16": [1536, 2816] },
};
const NOMINAL: Record<"1K" | "2K", Record<string, [number, number]>> = {
  "1K": { "1:1": [1024, 1024], "4:3": [1183, 887], "3:4": [887, 1182], "16:9": [1365, 768], "9:16": [768, 1365] },
  "2K": { "1:1": [2048, 2048], "4:3": [2365, 1774], "3:4": [1774, 2365], "16:9": [2731, 1536], "9:16": [1536, 2731] },
};
const RATIOS = ["1:1", "4:3", "3:4", "16:9", "9:16"];

function sizes(tiers: ("1K" | "2K")[]) {
  return Object.fromEntries(
    tiers.map((tier) => [
      tier,
      Object.fromEntries(RATIOS.map((r) => [r, { native: NATIVE[tier][r]!, nominal: NOMINAL[tier][r]! }])),
    ]),
  );
}

const googlePredictParams = (vertex: boolean): Params => ({
  prompt: { mode: "renamed", wire: "instances[0].prompt" },
  negative_prompt: vertex
    ? { mode: "renamed", wire: "parameters.negativePrompt" }
    : { mode: "unsupported", note: "the Gemini API refuses negative prompts for Imagen 4" },
  seed: vertex
    ? { mode: "renamed", wire: "parameters.seed", note: "sent with addWatermark: false, which seeds require" }
    : { mode: "unsupported", note: "the Gemini API does not accept seeds for Imagen" },
  n: { mode: "renamed", wire: "parameters.sampleCount", note: "up to 4 per call; more are emulated with parallel calls" },
  size: { mode: "converted", wire: "parameters.aspectRatio + parameters.sampleImageSize" },
  response_format: { mode: "emulated", note: "Google returns base64; the gateway stores it and serves a URL" },
  output_format: { mode: "converted", wire: "parameters.outputOptions.mimeType", note: "png and jpeg natively; webp, gif and avif converted by the gateway" },
  output_compression: { mode: "renamed", wire: "parameters.outputOptions.compressionQuality", note: "jpeg only; webp and avif compression is applied by the gateway" },
  enhance_prompt: vertex
    ? { mode: "renamed", wire: "parameters.enhancePrompt", note: "the rewritten prompt comes back as revised_prompt" }
    : { mode: "unsupported" },
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  user: { mode: "unsupported" },
});

const falParams = (withResolution: boolean): Params => ({
  prompt: { mode: "passthrough" },
  negative_prompt: { mode: "passthrough", note: "only older endpoint versions honour it" },
  seed: { mode: "passthrough" },
  n: { mode: "renamed", wire: "num_images", note: "up to 4 per call" },
  size: withResolution
    ? { mode: "converted", wire: "aspect_ratio + resolution" }
    : { mode: "converted", wire: "aspect_ratio" },
  response_format: { mode: "emulated", note: "fal returns a short-lived URL; the gateway downloads it" },
  output_format: { mode: "converted", wire: "output_format", note: "png, jpeg and webp natively" },
  output_compression: { mode: "emulated" },
  enhance_prompt: { mode: "unsupported" },
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  user: { mode: "unsupported" },
});

const replicateParams: Params = {
  prompt: { mode: "passthrough", wire: "input.prompt" },
  negative_prompt: { mode: "unsupported" },
  seed: { mode: "unsupported", note: "Replicate's google/imagen-4 has no seed input" },
  n: { mode: "emulated", note: "one image per prediction; more are parallel predictions" },
  size: { mode: "converted", wire: "input.aspect_ratio + input.image_size", note: "imagen-4-fast takes aspect_ratio only" },
  response_format: { mode: "emulated" },
  output_format: { mode: "converted", wire: "input.output_format", note: "jpg and png natively" },
  output_compression: { mode: "emulated" },
  enhance_prompt: { mode: "unsupported" },
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  user: { mode: "unsupported" },
};

const aimlParams: Params = {
  prompt: { mode: "passthrough", note: "at most 400 characters" },
  negative_prompt: { mode: "unsupported" },
  seed: { mode: "passthrough" },
  n: { mode: "renamed", wire: "num_images", note: "up to 4 per call" },
  size: { mode: "converted", wire: "aspect_ratio", note: "1K only" },
  response_format: { mode: "emulated", wire: "convert_base64_to_url", note: "always asks for base64 (convert_base64_to_url: false); the gateway stores the image and serves its own URL" },
  output_format: { mode: "emulated" },
  output_compression: { mode: "emulated" },
  enhance_prompt: { mode: "passthrough", note: "AIML enhances by default; the rewritten prompt comes back as revised_prompt" },
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  user: { mode: "unsupported" },
};

const apiframeParams: Params = {
  prompt: { mode: "passthrough" },
  negative_prompt: { mode: "unsupported" },
  seed: { mode: "unsupported" },
  n: { mode: "emulated", note: "one image per job; more are parallel jobs" },
  size: { mode: "converted", wire: "imagenParams.aspect_ratio + imagenParams.image_size" },
  response_format: { mode: "emulated" },
  output_format: { mode: "converted", wire: "imagenParams.output_format", note: "jpg and png natively" },
  output_compression: { mode: "emulated" },
  enhance_prompt: { mode: "unsupported" },
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  user: { mode: "unsupported" },
};

interface ImagenVariant {
  id: string;
  name: string;
  price: number;
  tiers: ("1K" | "2K")[];
  fal: string;
  replicate: string;
  apiframe: string;
  description: string;
}

const GOOGLE_PRICE_SOURCE = "cloud.google.com/vertex-ai/generative-ai/pricing (via lumenfall.ai model pages)";

// Vertex lists every Imagen 4 endpoint as discontinued, asking users to move before 2026-06-30; the
// Gemini API reportedly shut Imagen 4 down on 2026-08-17. Third-party hosts still serve it.
const IMAGEN_LIFECYCLE = {
  state: "deprecated",
  date: "2026-06-30",
  note: "Google discontinued Imagen 4 on Vertex AI (migrate before 2026-06-30) and on the Gemini API (2026-08-17); fal.ai, Replicate, AIML API and apiframe still serve it.",
  replacement: "gemini-3.1-flash-image",
} as const;

function imagen(v: ImagenVariant): ModelInput {
  const perImage = Object.fromEntries(v.tiers.map((t) => [t, v.price])) as Partial<Record<Tier, number>>;
  const price = (source: string, verified: boolean) => ({ perImage, source, verified });
  const withoutResolution = v.tiers.length === 1;
  return {
    id: v.id,
    name: v.name,
    creator: "Google",
    family: "imagen-4",
    description: v.description,
    lifecycle: IMAGEN_LIFECYCLE,
    promptMaxChars: 2000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: sizes(v.tiers),
    providers: [
      {
        provider: "vertex",
        providerModelId: v.id,
        tiers: v.tiers,
        aspectRatios: RATIOS,
        maxImagesPerCall: 4,
        price: price(GOOGLE_PRICE_SOURCE, false),
        params: googlePredictParams(true),
        lifecycle: { state: "retired", date: "2026-06-30", note: "Vertex AI lists Imagen 4 endpoints as discontinued" },
      },
      {
        provider: "gemini",
        providerModelId: v.id,
        tiers: v.tiers,
        aspectRatios: RATIOS,
        maxImagesPerCall: 4,
        price: price("ai.google.dev/gemini-api/docs/pricing#imagen (via lumenfall.ai)", false),
        params: googlePredictParams(false),
        lifecycle: { state: "retired", date: "2026-08-17", note: "reported shutdown of Imagen 4 on the Gemini API" },
      },
      {
        provider: "fal",
        providerModelId: v.fal,
        tiers: v.tiers,
        aspectRatios: RATIOS,
        maxImagesPerCall: 4,
        price: price("fal.ai model page, effective 2026-01-26 (via lumenfall.ai)", false),
        params: falParams(!withoutResolution),
      },
      {
        provider: "replicate",
        providerModelId: v.replicate,
        tiers: v.tiers,
        aspectRatios: RATIOS,
        maxImagesPerCall: 1,
        price: price("replicate.com model page, effective 2026-01-26 (via lumenfall.ai)", false),
        params: replicateParams,
      },
      {
        provider: "aimlapi",
        providerModelId: `google/${v.id}`,
        tiers: ["1K"],
        aspectRatios: RATIOS,
        maxImagesPerCall: 4,
        promptMaxChars: 400,
        price: price("AIML API bills in credits; assumed at Google's list price", false),
        params: aimlParams,
      },
      {
        provider: "apiframe",
        providerModelId: v.apiframe,
        tiers: v.tiers,
        aspectRatios: RATIOS,
        maxImagesPerCall: 1,
        price: price("apiframe bills in credits (7 per imagen-4 job); assumed at Google's list price", false),
        params: apiframeParams,
      },
    ],
  };
}

export const imagenModels: ModelInput[] = [
  imagen({
    id: "imagen-4.0-generate-001",
    name: "Imagen 4",
    price: 0.04,
    tiers: ["1K", "2K"],
    fal: "fal-ai/imagen4/preview",
    replicate: "google/imagen-4",
    apiframe: "imagen-4",
    description: "Google's standard Imagen 4: photorealism and legible text, up to 2K.",
  }),
  imagen({
    id: "imagen-4.0-fast-generate-001",
    name: "Imagen 4 Fast",
    price: 0.02,
    tiers: ["1K"],
    fal: "fal-ai/imagen4/preview/fast",
    replicate: "google/imagen-4-fast",
    apiframe: "imagen-4-fast",
    description: "The fastest and cheapest Imagen 4 variant, 1K only.",
  }),
  imagen({
    id: "imagen-4.0-ultra-generate-001",
    name: "Imagen 4 Ultra",
    price: 0.06,
    tiers: ["1K", "2K"],
    fal: "fal-ai/imagen4/preview/ultra",
    replicate: "google/imagen-4-ultra",
    apiframe: "imagen-4-ultra",
    description: "Imagen 4's highest-fidelity variant, for prompts that need exact adherence.",
  }),
];

import type { ModelInput, ParamSupport, PublicParam } from "../schema";

const GEMINI_PRICING = "ai.google.dev/gemini-api/docs/pricing";
const GEMINI_DEPRECATIONS = "ai.google.dev/gemini-api/docs/deprecations";
const VERTEX_PRICING = "cloud.google.com/vertex-ai/generative-ai/pricing";

// Gemini 2.5 Flash Image's fixed output sizes per aspect ratio (about one megapixel each).
const FLASH_25_SIZES: Record<string, [number, number]> = {
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

// Gemini 3 image models at 1K (Gemini API image-generation guide); 2K and 4K double and quadruple the edges.
const GEMINI_3_SIZES_1K: Record<string, [number, number]> = {
  "1:1": [1024, 1024],
  "2:3": [848, 1264],
  "3:2": [1264, 848],
  "3:4": [896, 1200],
  "4:3": [1200, 896],
  "4:5": [928, 1152],
  "5:4": [1152, 928],
  "9:16": [768, 1376],
  "16:9": [1376, 768],
  "21:9": [1584, 672],
};

const table = (sizes: Record<string, [number, number]>, scale = 1) =>
  Object.fromEntries(Object.entries(sizes).map(([r, [w, h]]) => [r, { native: [w * scale, h * scale] as [number, number] }]));

type Offer = ModelInput["providers"][number];
type GoogleHost = "gemini" | "vertex";

// Vertex AI's ImageConfig has imageOutputOptions; the Gemini API's has not, so there the gateway converts.
const formatParams = (host: GoogleHost): Partial<Record<PublicParam, ParamSupport>> =>
  host === "vertex"
    ? {
        output_format: { mode: "converted", wire: "generationConfig.imageConfig.imageOutputOptions.mimeType", note: "png and jpeg natively; webp, gif and avif converted by the gateway" },
        output_compression: { mode: "renamed", wire: "generationConfig.imageConfig.imageOutputOptions.compressionQuality", note: "jpeg only; webp and avif compression is applied by the gateway" },
      }
    : { output_format: { mode: "emulated" }, output_compression: { mode: "emulated" } };

const geminiParams = (tiered: boolean, host: GoogleHost, previewTier?: string): Partial<Record<PublicParam, ParamSupport>> => ({
  prompt: { mode: "renamed", wire: "contents[0].parts[0].text" },
  negative_prompt: { mode: "unsupported" },
  seed: { mode: "renamed", wire: "generationConfig.seed", note: "best effort: not guaranteed to reproduce" },
  n: { mode: "emulated", note: "one image per call; more are parallel calls" },
  size: {
    mode: "converted",
    wire: tiered ? "generationConfig.imageConfig.aspectRatio + imageSize" : "generationConfig.imageConfig.aspectRatio",
    ...(previewTier ? { note: `Vertex AI lists ${previewTier} as a preview` } : {}),
  },
  response_format: { mode: "emulated" },
  ...formatParams(host),
  quality: { mode: "unsupported" },
  style: { mode: "unsupported" },
  enhance_prompt: { mode: "unsupported" },
  user: { mode: "unsupported" },
});

/** The same model on the Gemini API and on Vertex AI: one generateContent body, the same tiers and price, each with its own price source. */
function googleOffers(opts: {
  id: string;
  /** Gemini 3 models take imageConfig.imageSize (sent above 1K). */
  tiered: boolean;
  tiers: ("1K" | "2K" | "4K")[];
  aspectRatios: string[];
  perImage: Partial<Record<"1K" | "2K" | "4K", number>>;
  geminiSource: string;
  /** Absent: Vertex AI does not serve the model. */
  vertexSource?: string;
  edit: Offer["edit"];
}): Offer[] {
  const offer = (host: GoogleHost, source: string): Offer => ({
    provider: host,
    providerModelId: opts.id,
    tiers: opts.tiers,
    aspectRatios: opts.aspectRatios,
    maxImagesPerCall: 1,
    price: { perImage: opts.perImage, source, verified: false },
    params: geminiParams(opts.tiered, host, host === "vertex" && opts.tiers.includes("4K") ? "4K" : undefined),
    edit: opts.edit,
  });
  return [offer("gemini", opts.geminiSource), ...(opts.vertexSource ? [offer("vertex", opts.vertexSource)] : [])];
}

// Vertex AI prices Gemini image output per token like the Gemini API; its pricing page was not read here,
// so each Vertex price is the Gemini API's, marked unverified, with what backs it.
const VERTEX_PRICE = (why: string) => `${VERTEX_PRICING} (${why}), read 2026-12-03`;

function gemini3(opts: {
  id: string;
  name: string;
  description: string;
  lifecycle: ModelInput["lifecycle"];
  /** Per tier served; the tiers are those priced (Flash Lite Image is 1K only). */
  perImage: Partial<Record<"1K" | "2K" | "4K", number>>;
  priceNote: string;
  /** Why the Vertex AI offer costs what it does; absent when Vertex AI does not serve the model. */
  vertexPriceNote?: string;
}): ModelInput {
  const scales = { "1K": 1, "2K": 2, "4K": 4 } as const;
  const tiers = (Object.keys(scales) as (keyof typeof scales)[]).filter((t) => opts.perImage[t] !== undefined);
  return {
    id: opts.id,
    name: opts.name,
    creator: "Google",
    family: "gemini-image",
    description: opts.description,
    lifecycle: opts.lifecycle,
    promptMaxChars: 8000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: Object.fromEntries(tiers.map((t) => [t, table(GEMINI_3_SIZES_1K, scales[t])])),
    providers: googleOffers({
      id: opts.id,
      tiered: true,
      tiers,
      aspectRatios: Object.keys(GEMINI_3_SIZES_1K),
      perImage: opts.perImage,
      geminiSource: `${GEMINI_PRICING} (${opts.priceNote}), read 2026-12-02`,
      ...(opts.vertexPriceNote ? { vertexSource: VERTEX_PRICE(opts.vertexPriceNote) } : {}),
      edit: { maxInputImages: 14, mask: false, note: "input images as inline image parts of generateContent (up to 14 references); no mask" },
    }),
  };
}

export const geminiImageModels: ModelInput[] = [
  {
    id: "gemini-2.5-flash-image",
    name: "Gemini 2.5 Flash Image",
    creator: "Google",
    family: "gemini-image",
    description: "Google's conversational image model (\"Nano Banana\"), served through generateContent.",
    lifecycle: {
      state: "deprecated",
      date: "2026-10-02",
      note: `The Gemini API lists 2026-10-02 as its earliest shutdown date (${GEMINI_DEPRECATIONS}).`,
      replacement: "gemini-3.1-flash-image",
    },
    promptMaxChars: 8000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: { "1K": table(FLASH_25_SIZES) },
    providers: googleOffers({
      id: "gemini-2.5-flash-image",
      tiered: false,
      tiers: ["1K"],
      aspectRatios: Object.keys(FLASH_25_SIZES),
      perImage: { "1K": 0.039 },
      geminiSource: "ai.google.dev/gemini-api/docs/pricing (1290 output tokens at $30/1M)",
      // Vertex's Imagen pages name this model as Imagen's replacement, so Vertex serves it too.
      vertexSource: VERTEX_PRICE("assumed at the Gemini API's 1290 output tokens at $30/1M; not read there"),
      edit: { maxInputImages: 3, mask: false, note: "input images as inline image parts of generateContent (works best with up to 3); no mask" },
    }),
  },
  gemini3({
    id: "gemini-3.1-flash-image",
    name: "Gemini 3.1 Flash Image",
    description: "Google's fast Gemini 3 image model (\"Nano Banana 2\"), generally available since 2026-05-28, up to 4K.",
    lifecycle: { state: "active" },
    perImage: { "1K": 0.067, "2K": 0.101, "4K": 0.151 },
    priceNote: "per-image prices of the preview; GA prices not confirmed",
    vertexPriceNote: "1120, 1680 and 2520 output tokens at 1K, 2K and 4K per Vertex's preview model page, assumed at the Gemini API's $60/1M",
  }),
  gemini3({
    id: "gemini-3.1-flash-lite-image",
    name: "Gemini 3.1 Flash Lite Image",
    description: "Google's fastest, cheapest Gemini image model (\"Nano Banana 2 Lite\"), generally available since 2026-06-30: 1K only, generation and editing.",
    lifecycle: { state: "active" },
    perImage: { "1K": 0.0336 },
    priceNote: "1K image as reported for July 2026 by resellers; not read on Google's pricing page",
    vertexPriceNote: "1120 output tokens at $30/1M as lumenfall.ai quotes Vertex's pricing page; not read there",
  }),
  gemini3({
    id: "gemini-3-pro-image",
    name: "Gemini 3 Pro Image",
    description: "Google's reasoning image model (\"Nano Banana Pro\"), generally available since 2026-05-28, up to 4K.",
    lifecycle: { state: "active" },
    perImage: { "1K": 0.134, "2K": 0.134, "4K": 0.24 },
    priceNote: "1120 output tokens at 1K/2K, 2000 at 4K, at $120/1M",
    vertexPriceNote: "1120 output tokens at 1K/2K, 2000 at 4K, at the $120/1M image-output rate resellers quote for Vertex; not read there",
  }),
  gemini3({
    id: "gemini-3-pro-image-preview",
    name: "Gemini 3 Pro Image (preview)",
    description: "The preview of Gemini 3 Pro Image, kept so pinned clients get a clear lifecycle answer.",
    lifecycle: {
      state: "retired",
      date: "2026-06-25",
      note: `The Gemini API shut the preview down on 2026-06-25 (${GEMINI_DEPRECATIONS}).`,
      replacement: "gemini-3-pro-image",
    },
    perImage: { "1K": 0.134, "2K": 0.134, "4K": 0.24 },
    priceNote: "1120 output tokens at 1K/2K, 2000 at 4K, at $120/1M",
  }),
];

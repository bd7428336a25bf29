import type { ModelInput, ParamSupport, PublicParam } from "../schema";

const SIZES = { "1K": { "1:1": { native: [1024, 1024] }, "3:2": { native: [1536, 1024] }, "2:3": { native: [1024, 1536] } } } as const;

const openaiParams: Partial<Record<PublicParam, ParamSupport>> = {
  prompt: { mode: "passthrough" },
  negative_prompt: { mode: "unsupported", note: "OpenAI's Images API has no negative prompt" },
  seed: { mode: "unsupported", note: "OpenAI's Images API does not accept seeds" },
  n: { mode: "passthrough", note: "up to 10 per call" },
  size: { mode: "converted", wire: "size", note: "1024x1024, 1536x1024 or 1024x1536" },
  response_format: { mode: "emulated", note: "GPT image models always return base64" },
  output_format: { mode: "passthrough", note: "png, jpeg and webp natively; gif and avif converted by the gateway" },
  output_compression: { mode: "passthrough", note: "jpeg and webp" },
  quality: { mode: "passthrough" },
  style: { mode: "unsupported" },
  enhance_prompt: { mode: "unsupported" },
  user: { mode: "passthrough" },
};

const openaiSource = "developers.openai.com model pages";

function gptImage(opts: {
  id: string;
  name: string;
  description: string;
  lifecycle: ModelInput["lifecycle"];
  byQuality: Record<string, Record<string, number>>;
  tokens: { textInput: number; imageInput: number; imageOutput: number };
  /** Where the prices come from when not from OpenAI's model pages as already checked (then unverified). */
  source?: string;
}): ModelInput {
  const price = {
    perImage: { "1K": opts.byQuality.medium!["1:1"]! },
    byQuality: opts.byQuality,
    tokensPerMillion: opts.tokens,
    source: opts.source ?? openaiSource,
    verified: opts.source === undefined,
  };
  return {
    id: opts.id,
    name: opts.name,
    creator: "OpenAI",
    family: "gpt-image",
    description: opts.description,
    lifecycle: opts.lifecycle,
    promptMaxChars: 32000,
    defaultAspectRatio: "1:1",
    defaultTier: "1K",
    sizes: SIZES as unknown as ModelInput["sizes"],
    qualities: ["auto", "low", "medium", "high"],
    defaultResponseFormat: "b64_json",
    providers: [
      {
        provider: "openai",
        providerModelId: opts.id,
        tiers: ["1K"],
        aspectRatios: ["1:1", "3:2", "2:3"],
        maxImagesPerCall: 10,
        price,
        params: openaiParams,
        edit: { maxInputImages: 16, mask: true, note: "POST /v1/images/edits (multipart); the mask applies to the first image" },
      },
      {
        provider: "lumenfall",
        providerModelId: opts.id,
        tiers: ["1K"],
        aspectRatios: ["1:1", "3:2", "2:3"],
        maxImagesPerCall: 10,
        price: { ...price, source: "assumed at OpenAI's list price", verified: false },
        params: openaiParams,
      },
    ],
  };
}

export const openaiModels: ModelInput[] = [
  gptImage({
    id: "gpt-image-2",
    name: "GPT Image 2",
    description: "OpenAI's newest GPT image model (snapshot gpt-image-2-2026-04-21), cheaper per image than GPT Image 1.5.",
    lifecycle: { state: "active" },
    // Estimates: gpt-image-1.5's output token counts at gpt-image-2's $30/1M image output rate.
    byQuality: {
      low: { "1:1": 0.008, "3:2": 0.012, "2:3": 0.012 },
      medium: { "1:1": 0.032, "3:2": 0.047, "2:3": 0.047 },
      high: { "1:1": 0.125, "3:2": 0.188, "2:3": 0.188 },
    },
    tokens: { textInput: 5, imageInput: 8, imageOutput: 30 },
    source: "token prices as xairouter.com quotes OpenAI's pricing page; per-image prices estimated from them, read 2026-12-02",
  }),
  gptImage({
    id: "gpt-image-1.5",
    name: "GPT Image 1.5",
    description: "OpenAI's GPT image model of December 2025: faster, with denser text and more precise edits than GPT Image 1.",
    lifecycle: { state: "active" },
    byQuality: {
      low: { "1:1": 0.009, "3:2": 0.013, "2:3": 0.013 },
      medium: { "1:1": 0.034, "3:2": 0.05, "2:3": 0.05 },
      high: { "1:1": 0.133, "3:2": 0.2, "2:3": 0.2 },
    },
    tokens: { textInput: 5, imageInput: 8, imageOutput: 32 },
    source: "per-image prices as resellers quote OpenAI's list (runware.ai, docs.apiyi.com), read 2026-12-02",
  }),
  gptImage({
    id: "gpt-image-1",
    name: "GPT Image 1",
    description: "OpenAI's first natively multimodal image model.",
    lifecycle: {
      state: "retired",
      date: "2026-10-23",
      note: "OpenAI retired gpt-image-1 on 2026-10-23.",
      replacement: "gpt-image-1.5",
    },
    byQuality: {
      low: { "1:1": 0.011, "3:2": 0.016, "2:3": 0.016 },
      medium: { "1:1": 0.042, "3:2": 0.063, "2:3": 0.063 },
      high: { "1:1": 0.167, "3:2": 0.25, "2:3": 0.25 },
    },
    tokens: { textInput: 5, imageInput: 10, imageOutput: 40 },
  }),
  gptImage({
    id: "gpt-image-1-mini",
    name: "GPT Image 1 Mini",
    description: "A smaller, cheaper GPT image model.",
    lifecycle: { state: "active" },
    byQuality: {
      low: { "1:1": 0.005, "3:2": 0.006, "2:3": 0.006 },
      medium: { "1:1": 0.011, "3:2": 0.015, "2:3": 0.015 },
      high: { "1:1": 0.036, "3:2": 0.052, "2:3": 0.052 },
    },
    tokens: { textInput: 2, imageInput: 2.5, imageOutput: 8 },
  }),
];

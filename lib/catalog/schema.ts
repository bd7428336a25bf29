import { z } from "zod";

export const TIERS = ["0.5K", "1K", "2K", "4K"] as const;
export type Tier = (typeof TIERS)[number];

/** Nominal pixel area of each resolution tier: the tier's edge squared. */
export const TIER_AREA: Record<Tier, number> = {
  "0.5K": 512 * 512,
  "1K": 1024 * 1024,
  "2K": 2048 * 2048,
  "4K": 4096 * 4096,
};

/** The public request parameters a catalog entry can say something about. */
export const PUBLIC_PARAMS = [
  "prompt",
  "negative_prompt",
  "seed",
  "n",
  "size",
  "response_format",
  "output_format",
  "output_compression",
  "quality",
  "style",
  "thinking",
  "enhance_prompt",
  "user",
] as const;
export type PublicParam = (typeof PUBLIC_PARAMS)[number];

/**
 * How a provider handles a public parameter:
 * passthrough (same name and values), renamed (same values, other wire name), converted (values mapped),
 * emulated (the gateway does it itself), unsupported (dropped with a warning).
 */
export const PARAM_MODES = ["passthrough", "renamed", "converted", "emulated", "unsupported"] as const;
export type ParamMode = (typeof PARAM_MODES)[number];

export const paramSupportSchema = z.object({
  mode: z.enum(PARAM_MODES),
  wire: z.string().optional(),
  note: z.string().optional(),
});
export type ParamSupport = z.infer<typeof paramSupportSchema>;

export const RESPONSE_FORMATS = ["url", "b64_json"] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

const ratioSchema = z.string().regex(/^\d+:\d+$/);
const pixelsSchema = z.tuple([z.number().int().positive(), z.number().int().positive()]);
const usd = z.number().min(0);

export const lifecycleSchema = z.object({
  state: z.enum(["active", "deprecated", "retired"]),
  date: z.iso.date().optional(),
  note: z.string().optional(),
  replacement: z.string().optional(),
});
export type Lifecycle = z.infer<typeof lifecycleSchema>;

export const priceSchema = z.object({
  perImage: z.partialRecord(z.enum(TIERS), usd),
  byQuality: z.record(z.string(), z.record(ratioSchema, usd)).optional(),
  tokensPerMillion: z.object({ textInput: usd, imageInput: usd, imageOutput: usd }).optional(),
  source: z.string(),
  verified: z.boolean(),
});
export type Price = z.infer<typeof priceSchema>;

/** How an offer edits images (POST /v1/images/edits): absent, the offer only generates. */
export const editSupportSchema = z.object({
  /** The endpoint that edits, when it is not the one that generates (fal: …/kontext vs …/kontext/text-to-image). */
  providerModelId: z.string().min(1).optional(),
  /** Input images one call takes. */
  maxInputImages: z.number().int().min(1).max(16),
  /** Whether a mask (transparent = change here) is honoured; offers without one are not routed masked edits. */
  mask: z.boolean(),
  note: z.string().optional(),
});
export type EditSupport = z.infer<typeof editSupportSchema>;

export const providerOfferSchema = z.object({
  provider: z.string().regex(/^[a-z][a-z0-9-]*$/),
  providerModelId: z.string().min(1),
  tiers: z.array(z.enum(TIERS)).min(1),
  aspectRatios: z.array(ratioSchema).min(1),
  maxImagesPerCall: z.number().int().min(1).max(10),
  /** A provider's own prompt limit when it is below the model's (AIML API: 400 characters). */
  promptMaxChars: z.number().int().positive().optional(),
  price: priceSchema,
  params: z.partialRecord(z.enum(PUBLIC_PARAMS), paramSupportSchema),
  lifecycle: lifecycleSchema.optional(),
  edit: editSupportSchema.optional(),
});
export type ProviderOffer = z.infer<typeof providerOfferSchema> & { key: string };

export const sizeEntrySchema = z.object({
  native: pixelsSchema,
  nominal: pixelsSchema.optional(),
});

export const modelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    name: z.string(),
    creator: z.string(),
    family: z.string(),
    description: z.string(),
    lifecycle: lifecycleSchema,
    promptMaxChars: z.number().int().positive(),
    defaultAspectRatio: ratioSchema,
    defaultTier: z.enum(TIERS),
    sizes: z.partialRecord(z.enum(TIERS), z.record(ratioSchema, sizeEntrySchema)),
    qualities: z.array(z.string()).default([]),
    styles: z.array(z.string()).default([]),
    thinkingLevels: z.array(z.string()).default([]),
    /** What the model's own API answers when a request omits response_format (GPT image models: b64_json). */
    defaultResponseFormat: z.enum(RESPONSE_FORMATS).default("url"),
    providers: z.array(providerOfferSchema).min(1),
  })
  .superRefine((model, ctx) => {
    const defaults = model.sizes[model.defaultTier];
    if (!defaults?.[model.defaultAspectRatio]) {
      ctx.addIssue({ code: "custom", message: `default ${model.defaultAspectRatio} @ ${model.defaultTier} has no size` });
    }
    for (const offer of model.providers) {
      for (const tier of offer.tiers) {
        for (const ratio of offer.aspectRatios) {
          if (!model.sizes[tier]?.[ratio]) {
            ctx.addIssue({ code: "custom", message: `${offer.provider} offers ${ratio} @ ${tier}, which has no size` });
          }
        }
      }
    }
  });

export type ModelInput = z.input<typeof modelSchema>;
export type CatalogModel = Omit<z.infer<typeof modelSchema>, "providers"> & { providers: ProviderOffer[] };

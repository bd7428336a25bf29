import { z } from "zod";

export const OUTPUT_FORMATS = ["png", "jpeg", "gif", "webp", "avif"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const MAX_SEED = 4_294_967_295;

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/**
 * The public body of POST /v1/images/generations: OpenAI's fields plus the gateway's own. Unknown keys
 * are kept (they pass through to the provider).
 */
export const generationRequestSchema = z.looseObject({
  model: nullish(z.string().trim().min(1, "model must not be empty")),
  prompt: z
    .string({ error: (issue) => (issue.input === undefined ? "prompt is required" : "prompt must be a string") })
    .refine((p) => p.trim().length > 0, "prompt must not be empty"),
  negative_prompt: nullish(z.string()),
  seed: nullish(z.number().int("seed must be an integer").min(0, "seed must be at least 0").max(MAX_SEED, `seed must be at most ${MAX_SEED}`)),
  n: nullish(z.number().int("n must be an integer").min(1, "n must be at least 1").max(10, "n must be at most 10")),
  size: nullish(z.string().trim().regex(/^(auto|\d+\s*[xX×]\s*\d+|\d+(\.\d+)?\s*:\s*\d+(\.\d+)?)$/, "size must look like 1024x1024, 16:9 or auto")),
  aspect_ratio: nullish(z.string().trim().regex(/^\d+(\.\d+)?\s*:\s*\d+(\.\d+)?$/, "aspect_ratio must look like 16:9")),
  resolution: nullish(z.string().trim().regex(/^\d+(\.\d+)?\s*[kK]$/, "resolution must look like 1K, 2K, 4K or 0.5K")),
  response_format: nullish(z.enum(["url", "b64_json"], "response_format must be url or b64_json")),
  output_format: nullish(
    z
      .string()
      .transform((f) => (f.toLowerCase() === "jpg" ? "jpeg" : f.toLowerCase()))
      .pipe(z.enum(OUTPUT_FORMATS, `output_format must be one of ${OUTPUT_FORMATS.join(", ")}`)),
  ),
  output_compression: nullish(z.number().int("output_compression must be an integer").min(1, "output_compression must be between 1 and 100").max(100, "output_compression must be between 1 and 100")),
  quality: nullish(z.string().trim().min(1)),
  style: nullish(z.string().trim().min(1)),
  thinking: nullish(z.string().trim().min(1)),
  thinking_level: nullish(z.string().trim().min(1)),
  enhance_prompt: nullish(z.boolean("enhance_prompt must be true or false")),
  user: nullish(z.string()),
  provider_order: nullish(z.array(z.string().min(1)).min(1, "provider_order must list at least one provider")),
  fallback_on_content_policy: nullish(z.boolean("fallback_on_content_policy must be true or false")),
  allow_partial: nullish(z.boolean("allow_partial must be true or false")),
  embed_metadata: nullish(z.boolean("embed_metadata must be true or false")),
  // false: metadata only; the prompt and bytes go once the answer is delivered (lib/services/retention).
  store: nullish(z.boolean("store must be true or false")),
  webhook_url: nullish(z.url({ protocol: /^https?$/, error: "webhook_url must be an http(s) URL" })),
});

export type GenerationRequest = z.infer<typeof generationRequestSchema>;

/** Keys the gateway understands itself; everything else in a body passes through to the provider. */
export const KNOWN_KEYS = new Set<string>(Object.keys(generationRequestSchema.shape));

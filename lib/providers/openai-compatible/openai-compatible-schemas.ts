import { z } from "zod";

// Lenient on purpose: OpenAI, Lumenfall and self-hosted servers (LocalAI and friends) fill different
// subsets of the Images API response, and some send null for absent fields.
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

export const imageDataSchema = z.looseObject({
  b64_json: optional(z.string()),
  url: optional(z.string()),
  revised_prompt: optional(z.string()),
});

export const usageSchema = z.looseObject({
  input_tokens: optional(z.number()),
  input_tokens_details: optional(z.looseObject({ text_tokens: optional(z.number()), image_tokens: optional(z.number()) })),
  output_tokens: optional(z.number()),
  total_tokens: optional(z.number()),
});

export const imagesResponseSchema = z.looseObject({
  created: optional(z.number()),
  data: z.array(imageDataSchema.nullable()),
  background: optional(z.string()),
  output_format: optional(z.string()),
  quality: optional(z.string()),
  size: optional(z.string()),
  usage: optional(usageSchema),
});
export type ImagesResponse = z.infer<typeof imagesResponseSchema>;

/** `{error: {message, type, param, code}}`; self-hosted servers send numeric codes or a bare string. */
export const errorBodySchema = z.looseObject({
  error: z.union([
    z.string(),
    z.looseObject({
      message: optional(z.string()),
      type: optional(z.string()),
      param: optional(z.string()),
      code: optional(z.union([z.string(), z.number()])),
    }),
  ]),
});

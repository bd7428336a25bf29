import { z } from "zod";

const inlineDataSchema = z.looseObject({
  mimeType: z.string().optional(),
  mime_type: z.string().optional(),
  data: z.string(),
});

// REST answers in camelCase; proxies that re-encode the proto sometimes use snake_case: accept both.
const partSchema = z
  .looseObject({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    inlineData: inlineDataSchema.optional(),
    inline_data: inlineDataSchema.optional(),
  })
  .transform(({ inlineData, inline_data, ...part }) => {
    const data = inlineData ?? inline_data;
    return { ...part, inlineData: data && { mimeType: data.mimeType ?? data.mime_type, data: data.data } };
  });

const candidateSchema = z.looseObject({
  content: z.looseObject({ parts: z.array(partSchema).optional() }).optional(),
  finishReason: z.string().optional(),
  finishMessage: z.string().optional(),
});

const countSchema = z.number().int().nonnegative().optional();

/** generateContent's answer (GenerateContentResponse), reduced to what image generation needs. */
export const generateContentResponseSchema = z.looseObject({
  candidates: z.array(candidateSchema).optional(),
  promptFeedback: z
    .looseObject({ blockReason: z.string().optional(), blockReasonMessage: z.string().optional() })
    .optional(),
  usageMetadata: z
    .looseObject({ promptTokenCount: countSchema, candidatesTokenCount: countSchema, totalTokenCount: countSchema })
    .optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
});

export type GenerateContentResponse = z.infer<typeof generateContentResponseSchema>;

/** Finish reasons that mean a filter withheld the output (the rest are failures of another kind). */
export const REFUSAL_FINISH_REASONS = new Set([
  "SAFETY",
  "PROHIBITED_CONTENT",
  "BLOCKLIST",
  "SPII",
  "RECITATION",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

import { z } from "zod";

const optionalString = z.string().nullish().transform((v) => v ?? undefined);

// The JSON schema declares url/b64_json and meta.usage.credits_used; the worked example adds mime_type,
// prompt and meta.usage.tokens_used instead. Everything optional, so both shapes parse.
export const aimlapiImageSchema = z.looseObject({
  url: optionalString,
  b64_json: optionalString,
  mime_type: optionalString,
  prompt: optionalString,
});

export const aimlapiResponseSchema = z.looseObject({
  data: z.array(aimlapiImageSchema).nullish().transform((v) => v ?? []),
  meta: z
    .looseObject({
      usage: z.looseObject({ credits_used: z.number().optional(), tokens_used: z.number().optional() }).optional(),
    })
    .nullish(),
  message: z.unknown().optional(),
});
export type AimlapiResponse = z.infer<typeof aimlapiResponseSchema>;

/** `{message, path, requestId, statusCode, timestamp}`; statusCode is a string in some examples. */
export const aimlapiErrorSchema = z.looseObject({
  message: z.union([z.string(), z.array(z.string())]).optional(),
  path: z.string().optional(),
  requestId: z.string().optional(),
  statusCode: z.union([z.number(), z.string()]).optional(),
});

import { z } from "zod";

export const apiframeSubmitSchema = z.looseObject({
  jobId: z.string().min(1),
  status: z.string().optional(),
});

const imageUrl = z.union([z.string(), z.looseObject({ url: z.string() }).transform((i) => i.url)]);

// Current docs return `{images: [url…]}`; older docs (and the SDK's tests) a bare URL string.
const resultSchema = z
  .union([
    z.string().transform((url) => [url]),
    z.array(imageUrl),
    z.looseObject({ images: z.array(imageUrl) }).transform((r) => r.images),
  ])
  .nullish();

export const JOB_STATUSES = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"] as const;

export const apiframeJobSchema = z.looseObject({
  id: z.string().optional(),
  status: z.preprocess((s) => (typeof s === "string" ? s.toUpperCase() : s), z.enum(JOB_STATUSES)),
  progress: z.number().nullish(),
  result: resultSchema,
  error: z.string().nullish(),
  creditCost: z.number().nullish(),
  expired: z.boolean().nullish(),
});
export type ApiframeJob = z.infer<typeof apiframeJobSchema>;

/** 400 `{error, details: {"json.path": ["msg"]}}`, 402 `{error, creditsRequired, creditsAvailable}`, others `{error}`. */
export const apiframeErrorSchema = z.looseObject({
  error: z.string().optional(),
  message: z.string().optional(),
  details: z.record(z.string(), z.union([z.array(z.string()), z.string()])).optional(),
  creditsRequired: z.number().optional(),
  creditsAvailable: z.number().optional(),
});

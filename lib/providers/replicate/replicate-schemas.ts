import { z } from "zod";

export const PREDICTION_STATUSES = ["starting", "processing", "succeeded", "failed", "canceled", "aborted"] as const;
export type PredictionStatus = (typeof PREDICTION_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<PredictionStatus> = new Set(["succeeded", "failed", "canceled", "aborted"]);

const optionalString = z.string().nullish().transform((v) => v ?? undefined);

// Output is a single URI (google/imagen-4) or a list of URIs (FLUX); both fold into a list.
const outputSchema = z
  .union([z.string(), z.array(z.string().nullish())])
  .nullish()
  .transform((v) => (v == null ? [] : (Array.isArray(v) ? v : [v]).filter((u): u is string => Boolean(u))));

// `error` is a plain string in the API reference; older cog versions sent an object with a message.
const errorSchema = z
  .union([z.string(), z.looseObject({ message: z.string().optional(), detail: z.string().optional() })])
  .nullish()
  .transform((v) => (v == null ? undefined : typeof v === "string" ? v : (v.message ?? v.detail ?? JSON.stringify(v))));

/** The prediction object of create, get and cancel (replicate-javascript index.d.ts), read leniently. */
export const predictionSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(PREDICTION_STATUSES),
  model: optionalString,
  version: optionalString,
  output: outputSchema,
  error: errorSchema,
  logs: optionalString,
  deadline: optionalString,
  metrics: z.looseObject({ predict_time: z.number().optional(), total_time: z.number().optional() }).nullish(),
  urls: z.looseObject({ get: optionalString, cancel: optionalString, web: optionalString }).nullish(),
});
export type Prediction = z.infer<typeof predictionSchema>;

/** HTTP error bodies: `{detail, status?, title?}`, 422 adding `invalid_fields`. */
export const replicateErrorSchema = z.looseObject({
  detail: z.unknown().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  invalid_fields: z
    .array(z.looseObject({ type: z.string().optional(), field: z.string().optional(), description: z.string().optional() }))
    .optional(),
});

import { z } from "zod";
import { ProviderError } from "../errors";

/** Submit answer: the request id plus the URLs to follow it (older gateways may leave the URLs out). */
export const falQueuedSchema = z.looseObject({
  request_id: z.string().min(1),
  status_url: z.string().nullish(),
  response_url: z.string().nullish(),
  cancel_url: z.string().nullish(),
});

export const falStatusSchema = z.looseObject({
  status: z.string(),
  metrics: z.looseObject({ inference_time: z.number().nullish() }).nullish(),
});
export type FalStatus = z.infer<typeof falStatusSchema>;

const falFileSchema = z.looseObject({
  url: z.string().min(1),
  content_type: z.string().nullish(),
  width: z.number().nullish(),
  height: z.number().nullish(),
});

/** Model output, with the single-`image` shape some endpoints use folded into `images`. */
export const falOutputSchema = z
  .looseObject({
    images: z.array(falFileSchema).nullish(),
    image: falFileSchema.nullish(),
    seed: z.number().nullish(),
    // Newer Imagen 4 endpoints describe the image instead of reporting a seed.
    description: z.string().nullish(),
    has_nsfw_concepts: z.array(z.boolean().nullish()).nullish(),
    nsfw_content_detected: z.array(z.boolean().nullish()).nullish(),
    timings: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform((output, ctx) => {
    const images = output.images ?? (output.image ? [output.image] : undefined);
    if (!images) {
      ctx.addIssue({ code: "custom", path: ["images"], message: "no images in the output" });
      return z.NEVER;
    }
    return {
      images,
      seed: output.seed ?? undefined,
      description: output.description ?? undefined,
      nsfw: output.has_nsfw_concepts ?? output.nsfw_content_detected ?? [],
      timings: output.timings ?? undefined,
    };
  });
export type FalOutput = z.infer<typeof falOutputSchema>;

/** Model errors (`detail` as a list of typed items or a plain string) and infrastructure errors (`error_type`). */
export const falErrorSchema = z.looseObject({
  detail: z
    .union([
      z.string(),
      z.array(
        z.looseObject({
          loc: z.array(z.union([z.string(), z.number()])).nullish(),
          msg: z.string().nullish(),
          type: z.string().nullish(),
        }),
      ),
    ])
    .nullish(),
  error_type: z.string().nullish(),
  message: z.string().nullish(),
});

/** Validates an answer from fal; anything else is the upstream's fault. */
export function parseFal<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  throw new ProviderError({
    provider: "fal",
    kind: "upstream",
    message: `fal.ai sent an unexpected ${what}: ${where}${issue?.message ?? "invalid body"}`,
    responseBody: value,
  });
}

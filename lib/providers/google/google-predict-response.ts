import { z } from "zod";
import { ProviderError } from "@/lib/providers/errors";
import type { JsonResponse } from "@/lib/providers/shared/http";
import type { GeneratedImage } from "@/lib/providers/types";
import { malformedResponse, type GoogleErrorContext } from "./google-errors";
import { decodeBase64 } from "@/lib/providers/shared/base64";

// One entry per image; filtered images leave only `raiFilteredReason` (with includeRaiReason), and with
// includeSafetyAttributes a prompt-scoring entry without bytes may appear too.
const predictionSchema = z.looseObject({
  bytesBase64Encoded: z.string().optional(),
  mimeType: z.string().optional(),
  prompt: z.string().optional(),
  raiFilteredReason: z.string().optional(),
  gcsUri: z.string().optional(),
  contentType: z.string().optional(),
  safetyAttributes: z.unknown().optional(),
});

// `{}` (no predictions at all) is what Imagen answers when every image was filtered without reasons.
export const predictResponseSchema = z.looseObject({
  predictions: z.array(predictionSchema).optional(),
  positivePromptSafetyAttributes: z.unknown().optional(),
});

export interface PredictImages {
  images: Omit<GeneratedImage, "seed">[];
  filteredReasons: string[];
  safetyAttributes?: unknown;
}

/** The images of a validated `:predict` answer; a body with none throws (content policy when they were filtered). */
export function readPredictResponse(context: GoogleErrorContext, response: JsonResponse, data: z.infer<typeof predictResponseSchema>): PredictImages {
  const predictions = data.predictions ?? [];
  const filteredReasons = predictions.flatMap((p) => (p.raiFilteredReason ? [p.raiFilteredReason] : []));
  const images: PredictImages["images"] = [];
  for (const p of predictions) {
    if (!p.bytesBase64Encoded) continue;
    const decoded = decodeBase64(p.bytesBase64Encoded);
    if (decoded.bytes.length === 0) throw malformedResponse(context, response, "an image's bytesBase64Encoded is not base64");
    images.push({ ...decoded, mediaType: p.mimeType ?? "image/png", ...(p.prompt ? { revisedPrompt: p.prompt } : {}) });
  }
  if (images.length === 0) {
    if (predictions.some((p) => p.gcsUri)) {
      throw malformedResponse(context, response, "images were written to Cloud Storage (storageUri); leave storageUri out so they come back inline");
    }
    if (predictions.some((p) => !p.raiFilteredReason && p.contentType === undefined && p.safetyAttributes === undefined)) {
      throw malformedResponse(context, response, "predictions carry neither images nor filter reasons");
    }
    throw new ProviderError({
      provider: context.provider,
      kind: "content_policy",
      statusCode: response.status,
      message: `${context.providerName} filtered every image under its Responsible AI policy${filteredReasons.length ? `: ${filteredReasons[0]}` : ""}`,
      responseBody: response.json,
    });
  }
  return { images, filteredReasons, safetyAttributes: data.positivePromptSafetyAttributes };
}

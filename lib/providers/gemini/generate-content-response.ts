import { ProviderError } from "@/lib/providers/errors";
import { malformedResponse, type GoogleErrorContext } from "@/lib/providers/google/google-errors";
import { decodeBase64 } from "@/lib/providers/shared/base64";
import type { JsonResponse } from "@/lib/providers/shared/http";
import type { GeneratedImage, GenerateResult } from "@/lib/providers/types";
import { REFUSAL_FINISH_REASONS, type GenerateContentResponse } from "./gemini-schemas";

export type GenerateContentImages = Pick<GenerateResult, "images" | "usage" | "providerMetadata"> & { requestId?: string };

/** Why an answer holds no image: a blocked prompt or withheld image is content policy, anything else upstream. */
function noImageError(context: GoogleErrorContext, answer: GenerateContentResponse, text: string | undefined, status: number): ProviderError {
  const candidate = answer.candidates?.[0];
  const name = context.providerName;
  const blockReason = answer.promptFeedback?.blockReason;
  const finishReason = candidate?.finishReason;
  const common = { provider: context.provider, statusCode: status, responseBody: answer };
  if (blockReason) {
    const why = answer.promptFeedback?.blockReasonMessage;
    return new ProviderError({ ...common, kind: "content_policy", message: `${name} blocked the prompt (${blockReason})${why ? `: ${why}` : ""}` });
  }
  if (finishReason && REFUSAL_FINISH_REASONS.has(finishReason)) {
    const why = candidate?.finishMessage ?? text;
    return new ProviderError({ ...common, kind: "content_policy", message: `${name} withheld the image (${finishReason})${why ? `: ${why}` : ""}` });
  }
  const said = text ? `; it said: ${text.slice(0, 300)}` : "";
  return new ProviderError({ ...common, kind: "upstream", message: `${name} answered without an image (finishReason ${finishReason ?? "none"})${said}` });
}

/** The image of a validated generateContent answer, with its usage and text; an answer without one throws. */
export function readGenerateContentImages(
  context: GoogleErrorContext,
  response: JsonResponse,
  answer: GenerateContentResponse,
  seed: number | undefined,
): GenerateContentImages {
  const candidate = answer.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const text = parts.flatMap((p) => (p.text && !p.thought ? [p.text] : [])).join("\n") || undefined;
  const images: GeneratedImage[] = [];
  for (const part of parts) {
    // Thought parts are drafts the model made while reasoning, not the answer.
    if (!part.inlineData || part.thought || !(part.inlineData.mimeType ?? "image/").startsWith("image/")) continue;
    const decoded = decodeBase64(part.inlineData.data);
    if (decoded.bytes.length === 0) throw malformedResponse(context, response, "an image part's inlineData.data is not base64");
    images.push({ ...decoded, mediaType: part.inlineData.mimeType ?? "image/png", ...(seed !== undefined ? { seed } : {}) });
  }
  if (images.length === 0) throw noImageError(context, answer, text, response.status);

  const usage = answer.usageMetadata;
  return {
    images,
    ...(usage ? { usage: { inputTokens: usage.promptTokenCount, outputTokens: usage.candidatesTokenCount } } : {}),
    ...(answer.responseId ? { requestId: answer.responseId } : {}),
    providerMetadata: {
      ...(text ? { text } : {}),
      ...(candidate?.finishReason ? { finishReason: candidate.finishReason } : {}),
      ...(answer.modelVersion ? { modelVersion: answer.modelVersion } : {}),
    },
  };
}

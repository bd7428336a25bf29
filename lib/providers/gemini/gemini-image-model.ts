import type { ProviderOffer, PublicParam } from "@/lib/catalog/schema";
import type { Warning } from "@/lib/params/warning";
import { ProviderError } from "@/lib/providers/errors";
import { googleJsonErrors, malformedResponse, type GoogleErrorContext } from "@/lib/providers/google/google-errors";
import type { FetchFn } from "@/lib/providers/shared/http";
import { postJson } from "@/lib/providers/shared/json-call";
import type { CallContext, CallOptions, GeneratedImage, GenerateResult, ImageModel } from "@/lib/providers/types";
import { generateContentResponseSchema, REFUSAL_FINISH_REASONS, type GenerateContentResponse } from "./gemini-schemas";
import { decodeBase64 } from "@/lib/providers/shared/base64";
import { editParts } from "./gemini-edit";

export interface GeminiImageSettings extends GoogleErrorContext {
  /** The full `…/models/{model}:generateContent` URL. */
  url: string;
  apiKey: string;
  fetch?: FetchFn;
}

// Request fields that live beside generationConfig; any other unknown parameter goes inside it.
const TOP_LEVEL_FIELDS = new Set(["safetySettings", "systemInstruction", "tools", "toolConfig", "cachedContent"]);

const unsupported = (param: string, message: string): Warning => ({ type: "unsupported", param, message });

/** Gemini's native image models ("Nano Banana") through generateContent: one image per call. */
export class GeminiImageModel implements ImageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly maxImagesPerCall: number;

  constructor(
    offer: ProviderOffer,
    private readonly settings: GeminiImageSettings,
  ) {
    this.provider = settings.provider;
    this.modelId = offer.providerModelId;
    this.maxImagesPerCall = offer.maxImagesPerCall;
  }

  private buildRequest(options: CallOptions) {
    const name = this.settings.providerName;
    const warnings: Warning[] = [];
    // 1K is every Gemini image model's default; only Gemini 3 models take an imageSize, and only for larger tiers.
    const imageConfig = { aspectRatio: options.aspectRatio, ...(options.tier === "1K" ? {} : { imageSize: options.tier }) };
    const sent: Partial<Record<PublicParam, unknown>> = { prompt: options.prompt, n: 1, size: { ...imageConfig } };
    const config: Record<string, unknown> = { responseModalities: ["IMAGE"], imageConfig };
    if (options.seed !== undefined) {
      // generationConfig.seed is an int32: larger seeds go over as the same 32 bits, signed.
      config.seed = sent.seed = options.seed | 0;
    }
    if (options.negativePrompt !== undefined) {
      warnings.push(unsupported("negative_prompt", `${name} ${this.modelId} has no negative prompt; negative_prompt was ignored (describe what you want instead)`));
    }
    if (options.enhancePrompt !== undefined) {
      warnings.push(unsupported("enhance_prompt", `${name} ${this.modelId} has no prompt enhancement switch; enhance_prompt was ignored`));
    }
    for (const [param, value] of [["quality", options.quality], ["style", options.style], ["thinking", options.thinking], ["user", options.user]] as const) {
      if (value !== undefined) warnings.push(unsupported(param, `${name} ${this.modelId} has no ${param} setting; ${param} was ignored`));
    }
    const top: Record<string, unknown> = {};
    const extraConfig: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options.extra)) {
      if (TOP_LEVEL_FIELDS.has(key)) top[key] = value;
      else if (key in config) warnings.push({ type: "adjusted", param: key, message: `generationConfig.${key} is set by Darkroom for ${name}; your value was replaced` });
      else extraConfig[key] = value;
    }
    const edit = editParts(options.edit, `${name} ${this.modelId}`);
    warnings.push(...edit.warnings);
    const body = {
      ...top,
      contents: [{ role: "user", parts: [{ text: options.prompt }, ...edit.parts] }],
      generationConfig: { ...extraConfig, ...config },
    };
    return { body, sent, warnings };
  }

  async doGenerate(options: CallOptions, { signal }: CallContext): Promise<GenerateResult> {
    const request = this.buildRequest(options);
    const { data: answer, response } = await postJson({
      provider: this.provider,
      url: this.settings.url,
      headers: { "x-goog-api-key": this.settings.apiKey },
      body: request.body,
      signal,
      fetch: this.settings.fetch,
      schema: generateContentResponseSchema,
      errors: googleJsonErrors(this.settings),
    });
    const candidate = answer.candidates?.[0];
    const parts = candidate?.content?.parts ?? [];
    const text = parts.flatMap((p) => (p.text && !p.thought ? [p.text] : [])).join("\n") || undefined;
    const images: GeneratedImage[] = [];
    for (const part of parts) {
      // Thought parts are drafts the model made while reasoning, not the answer.
      if (!part.inlineData || part.thought || !(part.inlineData.mimeType ?? "image/").startsWith("image/")) continue;
      const decoded = decodeBase64(part.inlineData.data);
      if (decoded.bytes.length === 0) throw malformedResponse(this.settings, response, "an image part's inlineData.data is not base64");
      images.push({ ...decoded, mediaType: part.inlineData.mimeType ?? "image/png", ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    }
    if (images.length === 0) throw this.noImageError(answer, text, response.status);

    const usage = answer.usageMetadata;
    return {
      images,
      warnings: request.warnings,
      sent: request.sent,
      ...(usage ? { usage: { inputTokens: usage.promptTokenCount, outputTokens: usage.candidatesTokenCount } } : {}),
      response: { status: response.status, ...(answer.responseId ? { requestId: answer.responseId } : {}) },
      providerMetadata: {
        ...(text ? { text } : {}),
        ...(candidate?.finishReason ? { finishReason: candidate.finishReason } : {}),
        ...(answer.modelVersion ? { modelVersion: answer.modelVersion } : {}),
      },
    };
  }

  private noImageError(answer: GenerateContentResponse, text: string | undefined, status: number): ProviderError {
    const candidate = answer.candidates?.[0];
    const name = this.settings.providerName;
    const blockReason = answer.promptFeedback?.blockReason;
    const finishReason = candidate?.finishReason;
    const common = { provider: this.provider, statusCode: status, responseBody: answer };
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
}

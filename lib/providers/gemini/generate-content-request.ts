import type { PublicParam } from "@/lib/catalog/schema";
import type { Warning } from "@/lib/params/warning";
import type { CallOptions } from "@/lib/providers/types";
import { editParts } from "./gemini-edit";

/**
 * Both hosts of Gemini's image models take the same generateContent body; only Vertex AI's ImageConfig
 * has imageOutputOptions (mimeType, compressionQuality), so the Gemini API leaves formats to the gateway.
 */
export type GenerateContentDialect = "gemini" | "vertex";

export interface GenerateContentRequest {
  body: Record<string, unknown>;
  sent: Partial<Record<PublicParam, unknown>>;
  warnings: Warning[];
}

// Request fields that live beside generationConfig; any other unknown parameter goes inside it.
const TOP_LEVEL_FIELDS = new Set(["safetySettings", "systemInstruction", "tools", "toolConfig", "cachedContent"]);

const unsupported = (param: string, message: string): Warning => ({ type: "unsupported", param, message });

/** Vertex AI's imageConfig.imageOutputOptions for PNG and JPEG; other formats are converted by the gateway. */
function outputOptions(options: CallOptions, sent: Partial<Record<PublicParam, unknown>>): Record<string, unknown> | undefined {
  if (options.outputFormat !== "png" && options.outputFormat !== "jpeg") return undefined;
  const out: Record<string, unknown> = { mimeType: `image/${options.outputFormat}` };
  sent.output_format = out.mimeType;
  if (options.outputFormat === "jpeg" && options.outputCompression !== undefined) {
    out.compressionQuality = sent.output_compression = options.outputCompression;
  }
  return out;
}

function dropped(options: CallOptions, name: string): Warning[] {
  const warnings: Warning[] = [];
  if (options.negativePrompt !== undefined) {
    warnings.push(unsupported("negative_prompt", `${name} has no negative prompt; negative_prompt was ignored (describe what you want instead)`));
  }
  if (options.enhancePrompt !== undefined) {
    warnings.push(unsupported("enhance_prompt", `${name} has no prompt enhancement switch; enhance_prompt was ignored`));
  }
  for (const [param, value] of [["quality", options.quality], ["style", options.style], ["thinking", options.thinking], ["user", options.user]] as const) {
    if (value !== undefined) warnings.push(unsupported(param, `${name} has no ${param} setting; ${param} was ignored`));
  }
  return warnings;
}

/**
 * The generateContent body for one image of a Gemini image model ("Nano Banana"), what each public
 * parameter became, and what was dropped. `name` is "<provider> <model>" for the warnings.
 */
export function buildGenerateContentRequest(options: CallOptions, name: string, dialect: GenerateContentDialect): GenerateContentRequest {
  // 1K is every Gemini image model's default; only Gemini 3 models take an imageSize, and only for larger tiers.
  const size = { aspectRatio: options.aspectRatio, ...(options.tier === "1K" ? {} : { imageSize: options.tier }) };
  const sent: Partial<Record<PublicParam, unknown>> = { prompt: options.prompt, n: 1, size: { ...size } };
  const formats = dialect === "vertex" ? outputOptions(options, sent) : undefined;
  const imageConfig = { ...size, ...(formats ? { imageOutputOptions: formats } : {}) };
  const config: Record<string, unknown> = { responseModalities: ["IMAGE"], imageConfig };
  if (options.seed !== undefined) {
    // generationConfig.seed is an int32: larger seeds go over as the same 32 bits, signed.
    config.seed = sent.seed = options.seed | 0;
  }
  const warnings = dropped(options, name);
  const top: Record<string, unknown> = {};
  const extraConfig: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options.extra)) {
    if (TOP_LEVEL_FIELDS.has(key)) top[key] = value;
    else if (key in config) warnings.push({ type: "adjusted", param: key, message: `generationConfig.${key} is set by Darkroom for ${name}; your value was replaced` });
    else extraConfig[key] = value;
  }
  const edit = editParts(options.edit, name);
  warnings.push(...edit.warnings);
  const body = {
    ...top,
    contents: [{ role: "user", parts: [{ text: options.prompt }, ...edit.parts] }],
    generationConfig: { ...extraConfig, ...config },
  };
  return { body, sent, warnings };
}

/**
 * generateContent for Gemini's image models as both hosts serve it: the Gemini API
 * (`/v1beta/models/{m}:generateContent`) and Vertex AI (`/v1/projects/…/publishers/google/models/{m}:generateContent`).
 * Same body and answer; Vertex's ImageConfig also takes imageOutputOptions and personGeneration, and its
 * answers carry createTime and per-modality token details.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import type { GoogleScenario } from "./google-fake";
import { googleError, invalid, solidImage, type Reply } from "./google-replies";

export type GoogleHost = "gemini" | "vertex";

export const FLASH_IMAGE_SIZES: Record<string, [number, number]> = {
  "1:1": [1024, 1024], "2:3": [832, 1248], "3:2": [1248, 832], "3:4": [864, 1184], "4:3": [1184, 864],
  "4:5": [896, 1152], "5:4": [1152, 896], "9:16": [768, 1344], "16:9": [1344, 768], "21:9": [1536, 672],
};
// Gemini 3 image models at 1K; imageSize "2K" and "4K" double and quadruple the edges.
const GEMINI_3_SIZES: Record<string, [number, number]> = {
  "1:1": [1024, 1024], "2:3": [848, 1264], "3:2": [1264, 848], "3:4": [896, 1200], "4:3": [1200, 896],
  "4:5": [928, 1152], "5:4": [1152, 928], "9:16": [768, 1376], "16:9": [1376, 768], "21:9": [1584, 672],
};
const GEMINI_3_IMAGE_MODELS = ["gemini-3.1-flash-image", "gemini-3-pro-image", "gemini-3.1-flash-lite-image"];
export const GEMINI_IMAGE_MODELS = ["gemini-2.5-flash-image", ...GEMINI_3_IMAGE_MODELS];
/** Served by Vertex AI from the `global` location only. */
export const VERTEX_GLOBAL_ONLY = ["gemini-3.1-flash-image", "gemini-3.1-flash-lite-image"];
const ONLY_1K = ["gemini-3.1-flash-lite-image"];
const IMAGE_SIZE_SCALE: Record<string, number> = { "1K": 1, "2K": 2, "4K": 4 };
const TOP_LEVEL_FIELDS = ["safetySettings", "systemInstruction", "tools", "toolConfig", "cachedContent"];

// Fields of GenerationConfig both hosts know; anything else is "Unknown name" (proto JSON parsing).
const GENERATION_CONFIG_FIELDS = new Set([
  "stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema", "responseModalities", "candidateCount",
  "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs",
  "logprobs", "enableEnhancedCivicAnswers", "speechConfig", "thinkingConfig", "imageConfig", "mediaResolution",
]);
const IMAGE_CONFIG_FIELDS: Record<GoogleHost, Set<string>> = {
  gemini: new Set(["aspectRatio", "imageSize"]),
  vertex: new Set(["aspectRatio", "imageSize", "personGeneration", "imageOutputOptions"]),
};

const isImage = (bytes: Buffer) => sharp(bytes).metadata().then(() => true, () => false);

type Output = { width: number; height: number; format: "png" | "jpeg"; quality?: number };

/** The contents check: one user turn, text first, then the pictures to edit (decoded, as Google does). */
async function checkContents(contents: unknown, host: GoogleHost): Promise<Reply | undefined> {
  const first = Array.isArray(contents) ? (contents[0] as { role?: unknown; parts?: { text?: unknown }[] }) : undefined;
  const text = first?.parts?.[0]?.text;
  if (!first || typeof text !== "string" || !text.trim()) return invalid("* GenerateContentRequest.contents: contents is not specified");
  if (host === "vertex" ? first.role !== "user" : first.role !== undefined && first.role !== "user") return invalid("Please use a valid role: user, model.");
  for (const part of (first.parts ?? []).slice(1) as { inlineData?: { mimeType?: unknown; data?: unknown } }[]) {
    const data = part.inlineData?.data;
    const mime = part.inlineData?.mimeType;
    if (typeof data !== "string" || typeof mime !== "string" || !["image/png", "image/jpeg", "image/webp"].includes(mime)) {
      return invalid("* GenerateContentRequest.contents[0].parts[1].inline_data: Unsupported MIME type or missing data");
    }
    if (!(await isImage(Buffer.from(data, "base64")))) return invalid("Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
  }
  return undefined;
}

/** imageConfig → the picture to draw, or the error Google gives. */
function checkImageConfig(imageConfig: Record<string, unknown>, model: string, host: GoogleHost): Reply | Output {
  for (const key of Object.keys(imageConfig)) {
    if (!IMAGE_CONFIG_FIELDS[host].has(key)) return invalid(`Invalid JSON payload received. Unknown name "${key}" at 'generation_config.image_config': Cannot find field.`);
  }
  const ratio = imageConfig.aspectRatio ?? "1:1";
  const gemini3 = GEMINI_3_IMAGE_MODELS.includes(model);
  const table = gemini3 ? GEMINI_3_SIZES : FLASH_IMAGE_SIZES;
  if (typeof ratio !== "string" || !table[ratio]) return invalid(`Unsupported aspect ratio: ${String(ratio)}.`);
  const size = imageConfig.imageSize;
  const scale = size === undefined ? 1 : IMAGE_SIZE_SCALE[String(size)];
  if (!scale || (size !== undefined && (!gemini3 || (ONLY_1K.includes(model) && size !== "1K")))) return invalid(`Unsupported image size: ${String(size)}.`);
  const out = (imageConfig.imageOutputOptions ?? {}) as { mimeType?: unknown; compressionQuality?: unknown };
  if (out.mimeType !== undefined && out.mimeType !== "image/png" && out.mimeType !== "image/jpeg") return invalid(`Unsupported output mime type: ${String(out.mimeType)}.`);
  const quality = out.compressionQuality;
  if (quality !== undefined && (!Number.isInteger(quality) || (quality as number) < 0 || (quality as number) > 100)) {
    return invalid("compressionQuality must be an integer between 0 and 100.");
  }
  const [width, height] = table[ratio]!.map((edge) => edge * scale) as [number, number];
  return { width, height, format: out.mimeType === "image/jpeg" ? "jpeg" : "png", quality: quality as number | undefined };
}

/** The request check, in Google's order: unknown fields, contents, generationConfig. */
async function checkRequest(body: unknown, model: string, host: GoogleHost): Promise<Reply | Output> {
  if (typeof body !== "object" || body === null) return invalid("Invalid JSON payload received.");
  const { contents, generationConfig = {}, ...rest } = body as { contents?: unknown; generationConfig?: Record<string, unknown> };
  for (const key of Object.keys(rest)) {
    if (!TOP_LEVEL_FIELDS.includes(key)) return invalid(`Invalid JSON payload received. Unknown name "${key}": Cannot find field.`);
  }
  const contentsProblem = await checkContents(contents, host);
  if (contentsProblem) return contentsProblem;
  for (const key of Object.keys(generationConfig)) {
    if (!GENERATION_CONFIG_FIELDS.has(key)) return invalid(`Invalid JSON payload received. Unknown name "${key}" at 'generation_config': Cannot find field.`);
  }
  const modalities = generationConfig.responseModalities;
  if (!Array.isArray(modalities) || !modalities.every((m) => m === "IMAGE" || m === "TEXT") || !modalities.includes("IMAGE")) {
    return invalid("responseModalities must include IMAGE for image generation.");
  }
  const seed = generationConfig.seed;
  if (seed !== undefined && (!Number.isInteger(seed) || (seed as number) < -2_147_483_648 || (seed as number) > 2_147_483_647)) {
    return invalid(`Invalid value at 'generation_config.seed' (TYPE_INT32), ${String(seed)}`);
  }
  return checkImageConfig((generationConfig.imageConfig ?? {}) as Record<string, unknown>, model, host);
}

/** What the scenario makes of an answer without an image, or undefined to draw one. */
function refusal(scenario: GoogleScenario, model: string, usageMetadata: Record<string, unknown>): Reply | undefined {
  if (scenario.kind === "gemini_prompt_blocked") {
    const promptFeedback = { blockReason: scenario.blockReason, ...(scenario.message ? { blockReasonMessage: scenario.message } : {}) };
    return { status: 200, body: { promptFeedback, usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 }, modelVersion: model } };
  }
  if (scenario.kind === "gemini_no_image") {
    const parts = scenario.text ? [{ text: scenario.text }] : [];
    const candidate = { ...(parts.length ? { content: { role: "model", parts } } : {}), finishReason: scenario.finishReason, ...(scenario.finishMessage ? { finishMessage: scenario.finishMessage } : {}), index: 0 };
    return { status: 200, body: { candidates: [candidate], usageMetadata, modelVersion: model } };
  }
  return undefined;
}

/** One generateContent call on `host` for `model` under `scenario`. */
export async function generateContent(body: unknown, model: string, host: GoogleHost, scenario: GoogleScenario, resource: string): Promise<Reply> {
  if (!GEMINI_IMAGE_MODELS.includes(model)) {
    return host === "vertex"
      ? googleError(404, "NOT_FOUND", `Publisher Model \`${resource}\` was not found or your project does not have access to it.`)
      : googleError(404, "NOT_FOUND", `models/${model} is not found for API version v1beta, or is not supported for generateContent.`);
  }
  const checked = await checkRequest(body, model, host);
  if ("status" in checked) return checked;
  const usageMetadata = {
    promptTokenCount: 9,
    candidatesTokenCount: 1290,
    totalTokenCount: 1299,
    ...(host === "vertex" ? { trafficType: "ON_DEMAND", candidatesTokensDetails: [{ modality: "IMAGE", tokenCount: 1290 }] } : {}),
  };
  const refused = refusal(scenario, model, usageMetadata);
  if (refused) return refused;
  const image = (await solidImage(checked.width, checked.height, checked.format, checked.quality)).toString("base64");
  const parts = [{ text: "Here is your image." }, { inlineData: { mimeType: `image/${checked.format}`, data: image } }];
  return {
    status: 200,
    body: {
      candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
      usageMetadata,
      modelVersion: model,
      responseId: `resp-${randomBytes(6).toString("hex")}`,
      ...(host === "vertex" ? { createTime: new Date().toISOString() } : {}),
    },
  };
}

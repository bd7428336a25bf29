import type { PlaygroundModel } from "./catalog";
import { ratiosOf, resolutionsOf } from "./catalog";

/** Everything the playground form holds. It maps one to one onto a request body, and so onto the URL. */
export interface PlaygroundForm {
  model: string;
  /** A pinned provider, or "" to let the router choose. */
  provider: string;
  prompt: string;
  negativePrompt: string;
  sizeMode: "ratio" | "size";
  aspectRatio: string;
  resolution: string;
  size: string;
  n: number;
  /** null: a fresh seed each time, drawn by the server. */
  seed: number | null;
  /** "" keeps what the provider returns. */
  outputFormat: string;
  outputCompression: number | null;
  quality: string;
  style: string;
  thinking: string;
  enhancePrompt: boolean;
  /** The per-request price cap in USD, as typed; "" for none. */
  maxCost: string;
}

export const COMPRESSIBLE_FORMATS = ["jpeg", "webp", "avif"];

const text = (value: unknown) => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");

function integer(value: unknown, min: number, max: number): number | null {
  const parsed = typeof value === "number" ? value : Number.parseInt(text(value), 10);
  return Number.isInteger(parsed) && parsed >= min && parsed <= max ? parsed : null;
}

/** A cap the API takes: a non-negative number of USD. */
function usd(value: unknown): string {
  const parsed = Number(text(value));
  return text(value).trim() !== "" && Number.isFinite(parsed) && parsed >= 0 ? String(parsed) : "";
}

const oneOf = (value: unknown, allowed: string[], fallback: string) => (allowed.includes(text(value)) ? text(value) : fallback);

/** Keeps every setting the model can take and resets the rest to the model's defaults. */
export function fitToModel(form: PlaygroundForm, model: PlaygroundModel): PlaygroundForm {
  const resolutions = resolutionsOf(model);
  const resolution = oneOf(form.resolution, resolutions, model.defaultResolution);
  const ratios = ratiosOf(model, resolution);
  const fallbackRatio = ratios.includes(model.defaultAspectRatio) ? model.defaultAspectRatio : ratios[0]!;
  const sizes = model.sizes.map((s) => s.size);
  const defaultSize = model.sizes.find((s) => s.resolution === model.defaultResolution && s.aspectRatio === model.defaultAspectRatio)!.size;
  return {
    ...form,
    model: model.id,
    provider: oneOf(form.provider, model.providers.map((p) => p.id), ""),
    resolution,
    aspectRatio: oneOf(form.aspectRatio, ratios, fallbackRatio),
    size: oneOf(form.size, sizes, defaultSize),
    quality: oneOf(form.quality, model.qualities, ""),
    style: oneOf(form.style, model.styles, ""),
    thinking: oneOf(form.thinking, model.thinkingLevels, ""),
  };
}

/**
 * Reads a form from request-body keys: the URL's query (shared links) or a past request ("use these
 * settings"). Anything missing or not valid for the model falls back to its default.
 */
export function readForm(
  get: (key: string) => unknown,
  options: { models: PlaygroundModel[]; defaultModel: string; maxSeed: number; outputFormats: string[] },
): PlaygroundForm {
  const address = text(get("model")) || options.defaultModel;
  const slash = address.indexOf("/");
  const [provider, modelId] = slash > 0 ? [address.slice(0, slash), address.slice(slash + 1)] : ["", address];
  const model = options.models.find((m) => m.id === modelId) ?? options.models.find((m) => m.id === options.defaultModel) ?? options.models[0]!;
  const enhance = get("enhance_prompt");
  return fitToModel(
    {
      model: model.id,
      provider,
      prompt: text(get("prompt")),
      negativePrompt: text(get("negative_prompt")),
      sizeMode: text(get("size")) ? "size" : "ratio",
      aspectRatio: text(get("aspect_ratio")),
      resolution: text(get("resolution")),
      size: text(get("size")),
      n: integer(get("n"), 1, 10) ?? 1,
      seed: integer(get("seed"), 0, options.maxSeed),
      outputFormat: oneOf(get("output_format"), options.outputFormats, ""),
      outputCompression: integer(get("output_compression"), 1, 100),
      quality: text(get("quality")),
      style: text(get("style")),
      thinking: text(get("thinking")),
      enhancePrompt: enhance === true || enhance === "true",
      maxCost: usd(get("max_cost")),
    },
    model,
  );
}

/** The request body the form stands for, exactly as POST /v1/images/generations takes it. */
export function requestBody(form: PlaygroundForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: form.provider ? `${form.provider}/${form.model}` : form.model,
    prompt: form.prompt,
  };
  if (form.negativePrompt.trim()) body.negative_prompt = form.negativePrompt;
  if (form.sizeMode === "size") body.size = form.size;
  else {
    body.aspect_ratio = form.aspectRatio;
    body.resolution = form.resolution;
  }
  if (form.n !== 1) body.n = form.n;
  if (form.seed !== null) body.seed = form.seed;
  if (form.outputFormat) body.output_format = form.outputFormat;
  if (form.outputCompression !== null && COMPRESSIBLE_FORMATS.includes(form.outputFormat)) body.output_compression = form.outputCompression;
  if (form.quality) body.quality = form.quality;
  if (form.style) body.style = form.style;
  if (form.thinking) body.thinking = form.thinking;
  if (form.enhancePrompt) body.enhance_prompt = true;
  if (usd(form.maxCost)) body.max_cost = Number(form.maxCost);
  return body;
}

/** The query string of a shareable playground link. */
export function searchFromBody(body: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value !== "" && value !== undefined) params.set(key, String(value));
  }
  return params.toString();
}

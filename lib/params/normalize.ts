import { randomInt } from "node:crypto";
import { findModel, parseModelAddress, suggestModels, type CatalogModel, type Tier } from "@/lib/catalog";
import { invalidRequest, notFound } from "@/lib/generation/errors";
import {
  generationRequestSchema,
  KNOWN_KEYS,
  MAX_SEED,
  type GenerationRequest,
  type OutputFormat,
} from "./request-schema";
import {
  acceptedSizes,
  canonicalTier,
  modelTiers,
  nearestRatio,
  nearestTier,
  parseDimensions,
  parseRatio,
  sizeChoice,
  tierArea,
  tierRatios,
  type SizeChoice,
} from "./sizes";
import type { EditInputs } from "@/lib/providers/types";
import type { Warning } from "./warning";

export interface NormalizedRequest {
  model: CatalogModel;
  /** Provider named in the model address (`vertex/…`): routing is pinned to it. */
  pinnedProvider?: string;
  providerOrder?: string[];
  fallbackOnContentPolicy?: boolean;
  allowPartial: boolean;
  webhookUrl?: string;
  prompt: string;
  negativePrompt?: string;
  seed: number;
  seedDrawn: boolean;
  n: number;
  size: SizeChoice;
  responseFormat: "url" | "b64_json";
  outputFormat?: OutputFormat;
  outputCompression?: number;
  quality?: string;
  style?: string;
  thinking?: string;
  enhancePrompt?: boolean;
  /** Write the settings into the stored image files (undefined: the server default). */
  embedMetadata?: boolean;
  user?: string;
  /** Unknown body keys, passed through to the provider untouched. */
  extra: Record<string, unknown>;
  warnings: Warning[];
  /** The body as received (after JSON parsing), for the ledger and the Generation record. */
  requested: Record<string, unknown>;
  /** Set when the model address was an alias (`arena:<board>`): what was asked and why it resolved so. */
  modelAlias?: { requested: string; note: string };
  /** An edit's input pictures (lib/services/edit), handed to every provider call. */
  edit?: EditInputs;
}

export interface NormalizeOptions {
  defaultModel: string;
  /** Draws a seed when the caller gave none; injectable for tests. */
  drawSeed?: () => number;
}

function parseBody(body: unknown): GenerationRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidRequest("The request body must be a JSON object", null, "invalid_json");
  }
  const parsed = generationRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = issue.path.length ? String(issue.path[0]) : null;
  const missing = param === "prompt" && (body as Record<string, unknown>).prompt === undefined;
  const message =
    issue.code === "invalid_type" && param && !missing
      ? `${param} must be of type ${issue.expected}`
      : issue.message;
  throw invalidRequest(message, param, missing ? "missing_required_parameter" : "invalid_value");
}

function resolveModel(address: string): { model: CatalogModel; pinnedProvider?: string } {
  const { provider, modelId } = parseModelAddress(address);
  const model = findModel(modelId);
  if (!model) {
    const suggestions = suggestModels(modelId);
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?` : "";
    throw notFound(`The model '${address}' does not exist.${hint} GET /v1/models lists them.`, "model", "model_not_found", {
      suggestions,
    });
  }
  if (provider && !model.providers.some((p) => p.provider === provider)) {
    const served = model.providers.map((p) => p.provider).join(", ");
    throw notFound(`The provider '${provider}' does not serve ${model.id}; it is served by ${served}.`, "model", "model_not_found");
  }
  return { model, pinnedProvider: provider };
}

/**
 * Picks the ratio and tier: `size` wins over aspect_ratio/resolution; anything not offered maps to the
 * nearest one the model has, with a warning.
 */
function chooseSize(model: CatalogModel, req: GenerationRequest, warnings: Warning[]): SizeChoice {
  const tiers = modelTiers(model);
  const pickRatio = (tier: Tier, target: number | undefined, asked: string | undefined, param: string) => {
    const ratios = tierRatios(model, tier);
    if (target === undefined) {
      return ratios.includes(model.defaultAspectRatio) ? model.defaultAspectRatio : nearestRatio(1, ratios);
    }
    const ratio = nearestRatio(target, ratios);
    if (asked !== undefined && asked.replace(/\s+/g, "") !== ratio) {
      warnings.push({ type: "adjusted", param, message: `${param} ${asked} is not offered by ${model.id} at ${tier}; using the nearest, ${ratio}` });
    }
    return ratio;
  };

  if (req.size && req.size !== "auto") {
    for (const ignored of ["aspect_ratio", "resolution"] as const) {
      if (req[ignored] !== undefined) {
        warnings.push({ type: "adjusted", param: ignored, message: `${ignored} is ignored because size is given (size takes precedence)` });
      }
    }
    const exact = acceptedSizes(model).get(req.size.replace(/\s+/g, "").replace("×", "x").toLowerCase());
    if (exact) return exact;
    const dims = parseDimensions(req.size);
    if (dims) {
      if (dims.width === 0 || dims.height === 0) throw invalidRequest("size must have a non-zero width and height", "size");
      const tier = nearestTier(dims.width * dims.height, tiers);
      const ratio = nearestRatio(dims.width / dims.height, tierRatios(model, tier));
      const choice = sizeChoice(model, tier, ratio);
      warnings.push({
        type: "adjusted",
        param: "size",
        message: `size ${req.size} is not offered by ${model.id}; using the nearest, ${choice.nominal} (${ratio}, ${tier})`,
      });
      return choice;
    }
    const tier = model.defaultTier;
    return sizeChoice(model, tier, pickRatio(tier, parseRatio(req.size), req.size, "size"));
  }

  let tier = model.defaultTier;
  if (req.resolution !== undefined) {
    const canonical = canonicalTier(req.resolution);
    tier = canonical && tiers.includes(canonical) ? canonical : nearestTier(tierArea(req.resolution), tiers);
    if (tier !== canonical) {
      warnings.push({ type: "adjusted", param: "resolution", message: `resolution ${req.resolution} is not offered by ${model.id}; using the nearest, ${tier}` });
    }
  }
  const target = req.aspect_ratio !== undefined ? parseRatio(req.aspect_ratio) : undefined;
  if (req.aspect_ratio !== undefined && target === undefined) {
    throw invalidRequest("aspect_ratio must have a non-zero width and height, like 16:9", "aspect_ratio");
  }
  return sizeChoice(model, tier, pickRatio(tier, target, req.aspect_ratio, "aspect_ratio"));
}

function checkChoice(model: CatalogModel, param: string, value: string | undefined, allowed: string[], warnings: Warning[]) {
  if (value === undefined) return undefined;
  if (allowed.length === 0) {
    warnings.push({ type: "unsupported", param, message: `${model.id} has no ${param} setting; ${param} was ignored` });
    return undefined;
  }
  if (!allowed.includes(value)) {
    throw invalidRequest(`${param} '${value}' is not supported by ${model.id}; supported values: ${allowed.join(", ")}`, param, "unsupported_value", {
      supported: allowed,
    });
  }
  return value;
}

/** Validates a request body and resolves it against the catalog: everything the router needs, no provider yet. */
export function normalizeRequest(body: unknown, options: NormalizeOptions): NormalizedRequest {
  const req = parseBody(body);
  const requested = body as Record<string, unknown>;
  const { model, pinnedProvider } = resolveModel(req.model ?? options.defaultModel);
  const warnings: Warning[] = [];

  const prompt = req.prompt.trim();
  if (prompt.length > model.promptMaxChars) {
    throw invalidRequest(`prompt is ${prompt.length} characters; ${model.id} accepts at most ${model.promptMaxChars}`, "prompt", "prompt_too_long");
  }
  if (model.lifecycle.state !== "active") {
    const when = model.lifecycle.date ? ` (${model.lifecycle.date})` : "";
    const instead = model.lifecycle.replacement ? ` Consider ${model.lifecycle.replacement}.` : "";
    warnings.push({ type: "lifecycle", param: "model", message: `${model.id} is ${model.lifecycle.state}${when}: ${model.lifecycle.note ?? ""}${instead}`.trim() });
  }

  const thinkingValue = req.thinking ?? req.thinking_level;
  if (thinkingValue !== undefined && !model.thinkingLevels.includes(thinkingValue)) {
    const supported = model.thinkingLevels.length ? model.thinkingLevels.join(", ") : "none (this model has no thinking setting)";
    throw invalidRequest(`thinking '${thinkingValue}' is not supported by ${model.id}; supported values: ${supported}`, req.thinking !== undefined ? "thinking" : "thinking_level", "unsupported_value", {
      supported: model.thinkingLevels,
    });
  }

  const size = chooseSize(model, req, warnings);
  const quality = checkChoice(model, "quality", req.quality, model.qualities, warnings);
  const style = checkChoice(model, "style", req.style, model.styles, warnings);
  if (req.output_compression !== undefined && req.output_format && !["jpeg", "webp", "avif"].includes(req.output_format)) {
    warnings.push({ type: "unsupported", param: "output_compression", message: `output_compression applies to jpeg, webp and avif; ignored for ${req.output_format}` });
  }

  const extra = Object.fromEntries(Object.entries(requested).filter(([k]) => !KNOWN_KEYS.has(k)));
  const seed = req.seed ?? (options.drawSeed ?? (() => randomInt(0, MAX_SEED)))();

  return {
    model,
    pinnedProvider,
    providerOrder: req.provider_order,
    fallbackOnContentPolicy: req.fallback_on_content_policy,
    allowPartial: req.allow_partial ?? true,
    webhookUrl: req.webhook_url,
    prompt,
    negativePrompt: req.negative_prompt?.trim() || undefined,
    seed,
    seedDrawn: req.seed === undefined,
    n: req.n ?? 1,
    size,
    // Absent, answer as the model's own API does (GPT image models: b64_json), so its clients work unchanged.
    responseFormat: req.response_format ?? model.defaultResponseFormat,
    outputFormat: req.output_format,
    outputCompression: req.output_compression,
    quality,
    style,
    thinking: thinkingValue,
    enhancePrompt: req.enhance_prompt,
    embedMetadata: req.embed_metadata ?? undefined,
    user: req.user,
    extra,
    warnings,
    requested,
  };
}

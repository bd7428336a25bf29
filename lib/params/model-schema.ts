import { PUBLIC_PARAMS, type CatalogModel, type ParamMode, type PublicParam } from "@/lib/catalog/schema";
import { MAX_SEED, OUTPUT_FORMATS } from "./request-schema";
import { modelTiers, sizeChoice, tierRatios } from "./sizes";

export interface ParameterSchema {
  name: string;
  type: "string" | "integer" | "boolean";
  description: string;
  required: boolean;
  default: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  aliases?: string[];
  /** How each provider of the model handles it: the badge the UI shows. */
  providers: Record<string, { handling: ParamMode; wire?: string; note?: string }>;
}

function badges(model: CatalogModel, param: PublicParam) {
  return Object.fromEntries(
    model.providers.map((offer) => {
      const support = offer.params[param] ?? { mode: "unsupported" as const };
      return [offer.provider, { handling: support.mode, ...(support.wire ? { wire: support.wire } : {}), ...(support.note ? { note: support.note } : {}) }];
    }),
  );
}

/** Every public parameter of a model: type, allowed values, default, and its badge per provider. */
export function modelParameterSchema(model: CatalogModel, defaultModel: string): ParameterSchema[] {
  const tiers = modelTiers(model);
  const ratios = [...new Set(tiers.flatMap((t) => tierRatios(model, t)))];
  const sizes = tiers.flatMap((t) => tierRatios(model, t).map((r) => sizeChoice(model, t, r).nominal));
  const def = sizeChoice(model, model.defaultTier, model.defaultAspectRatio);
  const specs: Record<PublicParam, Omit<ParameterSchema, "name" | "providers">> = {
    prompt: { type: "string", description: `What to draw; at most ${model.promptMaxChars} characters.`, required: true, default: null, maximum: model.promptMaxChars },
    negative_prompt: { type: "string", description: "What to keep out of the image.", required: false, default: null },
    seed: { type: "integer", description: "Same seed, same prompt, same image (where the provider honours seeds). Drawn and returned when absent.", required: false, default: null, minimum: 0, maximum: MAX_SEED },
    n: { type: "integer", description: "Number of images; beyond a provider's per-call maximum, parallel calls.", required: false, default: 1, minimum: 1, maximum: 10 },
    size: { type: "string", description: "WxH or W:H; wins over aspect_ratio and resolution. Other sizes map to the nearest offered one.", required: false, default: def.nominal, enum: sizes },
    response_format: { type: "string", description: "url (served by this gateway, durable) or b64_json.", required: false, default: model.defaultResponseFormat, enum: ["url", "b64_json"] },
    output_format: { type: "string", description: "Image format; converted by the gateway when the provider cannot (avif up to 1600 px).", required: false, default: null, enum: [...OUTPUT_FORMATS] },
    output_compression: { type: "integer", description: "Quality 1–100 for jpeg, webp and avif.", required: false, default: null, minimum: 1, maximum: 100 },
    quality: { type: "string", description: "Model quality setting.", required: false, default: model.qualities.length ? "auto" : null, ...(model.qualities.length ? { enum: model.qualities } : {}) },
    style: { type: "string", description: "Model style setting.", required: false, default: null, ...(model.styles.length ? { enum: model.styles } : {}) },
    thinking: { type: "string", description: "Reasoning effort before drawing.", required: false, default: null, enum: model.thinkingLevels, aliases: ["thinking_level"] },
    enhance_prompt: { type: "boolean", description: "Let the provider rewrite the prompt; the rewrite comes back as revised_prompt.", required: false, default: null },
    user: { type: "string", description: "An end-user id for the provider's abuse monitoring.", required: false, default: null },
  };
  const params: ParameterSchema[] = [
    { name: "model", type: "string", description: "Model id, or provider/model to pin a provider.", required: false, default: defaultModel, enum: model.providers.map((o) => o.key).concat(model.id), providers: {} },
  ];
  for (const name of PUBLIC_PARAMS) {
    params.push({ name, ...specs[name], providers: badges(model, name) });
    if (name === "size") {
      params.push({ name: "aspect_ratio", type: "string", description: "Used when size is absent; maps to the nearest offered ratio.", required: false, default: model.defaultAspectRatio, enum: ratios, providers: badges(model, "size") });
      params.push({ name: "resolution", type: "string", description: "Resolution tier, used when size is absent; maps to the nearest offered tier.", required: false, default: model.defaultTier, enum: tiers, providers: badges(model, "size") });
    }
  }
  return params;
}

import { readFileSync } from "node:fs";
import { z } from "zod";
import { SIMULATOR_PROVIDER, findModel, listModels, suggestModels } from "@/lib/catalog";
import { providerOfferSchema, type CatalogModel, type ParamSupport, type ProviderOffer, type PublicParam, type Tier } from "@/lib/catalog/schema";
import { registerSecret } from "@/lib/security/redact";
import type { ProviderFactory } from "../provider-factory";
import { createOpenAICompatibleProvider } from "./openai-compatible-provider";

export const PROVIDERS_FILE_PRICE_SOURCE = "darkroom.providers.json";
/** Without maxImagesPerCall the gateway asks for one image per call: not every server honours `n`. */
const DEFAULT_MAX_IMAGES_PER_CALL = 1;

const modelEntrySchema = z.strictObject({
  model: z.string().min(1, "must name a catalog model id"),
  providerModelId: z.string().min(1).optional(),
  pricePerImage: z.number().min(0).optional(),
  maxImagesPerCall: z.number().int().min(1).max(10).optional(),
});

const providerEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and dashes, starting with a letter"),
  name: z.string().min(1).optional(),
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:8080/v1" }),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name").optional(),
  models: z.array(modelEntrySchema).min(1, "must list at least one model"),
});

const providersFileSchema = z.strictObject({
  $schema: z.string().optional(),
  providers: z.array(providerEntrySchema),
  // The router's business (lib/router/routing-file.ts validates it): carried through unread.
  routing: z.unknown().optional(),
});

export type ProvidersFile = z.infer<typeof providersFileSchema>;
export type FileOffer = Omit<ProviderOffer, "key">;

export interface ProvidersFileResult {
  factories: ProviderFactory[];
  offers: { modelId: string; offer: FileOffer }[];
  /** The optional `routing` section as written, for lib/router/routing-file.ts to validate. */
  routing: unknown;
}

const fieldPath = (path: PropertyKey[]) =>
  path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "") || "(root)";

/** Same labels as the OpenAI offer, worded for a server we know less about. */
function compatibleParams(model: CatalogModel): Partial<Record<PublicParam, ParamSupport>> {
  return {
    prompt: { mode: "passthrough" },
    negative_prompt: { mode: "unsupported", note: "the OpenAI Images API has no negative prompt" },
    seed: { mode: "unsupported", note: "the OpenAI Images API does not accept seeds" },
    n: { mode: "passthrough" },
    size: { mode: "converted", wire: "size", note: "the model's native WxH" },
    response_format: { mode: "emulated", note: "base64 or URL answers are both stored by the gateway" },
    output_format: { mode: "passthrough", note: "png, jpeg and webp asked natively; gif and avif converted by the gateway" },
    output_compression: { mode: "passthrough", note: "jpeg and webp" },
    quality: model.qualities.length ? { mode: "passthrough" } : { mode: "unsupported" },
    style: { mode: "unsupported" },
    thinking: { mode: "unsupported" },
    enhance_prompt: { mode: "unsupported" },
    user: { mode: "passthrough" },
  };
}

/** The tiers of the model's size table and the ratios every one of them has (an offer spans all its tiers). */
function modelGrid(model: CatalogModel): { tiers: Tier[]; aspectRatios: string[] } {
  const tiers = Object.keys(model.sizes) as Tier[];
  const aspectRatios = Object.keys(model.sizes[tiers[0]!] ?? {}).filter((r) => tiers.every((t) => model.sizes[t]?.[r]));
  return { tiers, aspectRatios };
}

function parseFile(path: string, text: string): ProvidersFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = providersFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const unknown = i.code === "unrecognized_keys" ? `${fieldPath([...i.path, i.keys[0]!])}: unknown field` : undefined;
      return unknown ?? `${fieldPath(i.path)}: ${i.message}`;
    });
    throw new Error(`${path} is invalid: ${issues.join("; ")}`);
  }
  return parsed.data;
}

/**
 * Reads darkroom.providers.json: extra OpenAI-compatible servers (LocalAI, vLLM-style gateways, proxies),
 * each serving catalog models. An absent file means none; a bad one throws naming the file and the field.
 * `env` is the raw process environment, because each entry names its own key variable.
 */
export function loadProvidersFile(path: string, env: Record<string, string | undefined>): ProvidersFileResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { factories: [], offers: [], routing: {} };
    throw new Error(`${path} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = parseFile(path, text);

  const reserved = new Set([SIMULATOR_PROVIDER, ...listModels().flatMap((m) => m.providers.map((o) => o.provider))]);
  const seen = new Set<string>();
  const factories: ProviderFactory[] = [];
  const offers: ProvidersFileResult["offers"] = [];

  file.providers.forEach((entry, p) => {
    const at = `providers[${p}]`;
    if (reserved.has(entry.id)) throw new Error(`${path} is invalid: ${at}.id: '${entry.id}' is a built-in provider id; choose another`);
    if (seen.has(entry.id)) throw new Error(`${path} is invalid: ${at}.id: '${entry.id}' is listed twice`);
    seen.add(entry.id);

    const served = new Set<string>();
    entry.models.forEach((m, i) => {
      const field = `${at}.models[${i}].model`;
      const model = findModel(m.model);
      if (!model) {
        const suggestions = suggestModels(m.model);
        const hint = suggestions.length ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?)` : "";
        throw new Error(`${path} is invalid: ${field}: '${m.model}' is not a catalog model${hint}`);
      }
      if (served.has(model.id)) throw new Error(`${path} is invalid: ${field}: '${model.id}' is listed twice for ${entry.id}`);
      served.add(model.id);
      const { tiers, aspectRatios } = modelGrid(model);
      const price = m.pricePerImage ?? 0;
      const offer = providerOfferSchema.parse({
        provider: entry.id,
        providerModelId: m.providerModelId ?? model.id,
        tiers,
        aspectRatios,
        maxImagesPerCall: m.maxImagesPerCall ?? DEFAULT_MAX_IMAGES_PER_CALL,
        price: { perImage: Object.fromEntries(tiers.map((t) => [t, price])), source: PROVIDERS_FILE_PRICE_SOURCE, verified: false },
        params: compatibleParams(model),
      });
      offers.push({ modelId: model.id, offer });
    });

    const name = entry.name ?? entry.id;
    const apiKey = entry.apiKeyEnv ? env[entry.apiKeyEnv]?.trim() || undefined : undefined;
    // Its variable may be named anything, so the redactor is told about it (lib/security/redact.ts).
    registerSecret(apiKey);
    const configured = !entry.apiKeyEnv || apiKey !== undefined;
    factories.push({
      id: entry.id,
      name,
      enabledBy: entry.apiKeyEnv ? [entry.apiKeyEnv] : [],
      create: (parsedEnv) =>
        configured
          ? createOpenAICompatibleProvider({ id: entry.id, name, baseUrl: entry.baseUrl, apiKey, maxDownloadBytes: parsedEnv.DARKROOM_MAX_DOWNLOAD_BYTES })
          : undefined,
    });
  });
  return { factories, offers, routing: file.routing ?? {} };
}

import { fluxModels } from "./models/flux";
import { fluxProModels } from "./models/flux-pro";
import { geminiImageModels } from "./models/gemini-image";
import { ideogramModels } from "./models/ideogram";
import { imagenModels } from "./models/imagen";
import { openaiModels } from "./models/openai";
import { thirdPartyModels } from "./models/third-party";
import { closestMatches } from "./suggest";
import {
  modelSchema,
  type CatalogModel,
  type EditSupport,
  type ModelInput,
  type ParamSupport,
  type ProviderOffer,
  type PublicParam,
  type Tier,
} from "./schema";

export * from "./schema";

export const SIMULATOR_PROVIDER = "local";
export const SIMULATOR_LABEL = "Local simulator";

const simulatorParams = (model: ModelInput): Partial<Record<PublicParam, ParamSupport>> => ({
  prompt: { mode: "passthrough", note: "text in double quotes is drawn into the image" },
  negative_prompt: { mode: "passthrough", note: "changes the simulated composition" },
  seed: { mode: "passthrough", note: "same model, prompt, seed and size: byte-identical pixels" },
  n: { mode: "passthrough" },
  size: { mode: "converted", note: "the model's native pixel size for the ratio and tier" },
  response_format: { mode: "emulated" },
  output_format: { mode: "emulated", note: "the simulator draws png; other formats converted by the gateway" },
  output_compression: { mode: "emulated" },
  quality: model.qualities?.length ? { mode: "passthrough", note: "accepted; simulated pixels do not depend on it" } : { mode: "unsupported" },
  style: model.styles?.length ? { mode: "passthrough", note: "accepted; simulated pixels do not depend on it" } : { mode: "unsupported" },
  thinking: model.thinkingLevels?.length ? { mode: "passthrough" } : { mode: "unsupported" },
  enhance_prompt: { mode: "unsupported" },
  user: { mode: "passthrough" },
});

/** The simulator edits a model's images when a real provider of it does, taking as many inputs as the most generous. */
function simulatorEdit(model: ModelInput): EditSupport | undefined {
  const edits = model.providers.flatMap((p) => (p.edit ? [p.edit] : []));
  if (edits.length === 0) return undefined;
  return { maxInputImages: Math.max(...edits.map((e) => e.maxInputImages)), mask: true, note: "tints the prompt's colour over the image (inside the mask when one is given)" };
}

/** Every model can be served by the local simulator: same sizes, zero cost, clearly labelled. */
function withSimulator(model: ModelInput): ModelInput {
  const tiers = Object.keys(model.sizes) as Tier[];
  const ratios = [...new Set(tiers.flatMap((t) => Object.keys(model.sizes[t] ?? {})))];
  const edit = simulatorEdit(model);
  return {
    ...model,
    providers: [
      ...model.providers,
      {
        provider: SIMULATOR_PROVIDER,
        providerModelId: model.id,
        tiers,
        aspectRatios: ratios,
        maxImagesPerCall: 4,
        price: { perImage: Object.fromEntries(tiers.map((t) => [t, 0])), source: "simulated: free", verified: true },
        params: simulatorParams(model),
        ...(edit ? { edit } : {}),
      },
    ],
  };
}

function load(inputs: ModelInput[]): CatalogModel[] {
  const seen = new Set<string>();
  return inputs.map((input) => {
    const parsed = modelSchema.safeParse(withSimulator(input));
    if (!parsed.success) {
      throw new Error(`Catalog entry ${input.id} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    if (seen.has(parsed.data.id)) throw new Error(`Catalog entry ${parsed.data.id} is listed twice`);
    seen.add(parsed.data.id);
    const providers: ProviderOffer[] = parsed.data.providers.map((p) => ({ ...p, key: `${p.provider}/${parsed.data.id}` }));
    return { ...parsed.data, providers };
  });
}

const BUILT_IN: CatalogModel[] = load([...imagenModels, ...geminiImageModels, ...openaiModels, ...fluxModels, ...fluxProModels, ...thirdPartyModels, ...ideogramModels]);

// Offers from darkroom.providers.json, added once at start. Kept on globalThis because Next loads this
// module once per route bundle, and every copy must see the same catalog.
const shared = globalThis as unknown as { darkroomExtraOffers?: { modelId: string; offer: ProviderOffer }[]; darkroomCatalog?: CatalogModel[] };

/** Adds offers of configured extra providers (darkroom.providers.json); the simulator stays last. */
export function addOffers(offers: { modelId: string; offer: Omit<ProviderOffer, "key"> }[]): void {
  const known = new Set((shared.darkroomExtraOffers ?? []).map((e) => e.offer.key));
  const added = offers
    .map(({ modelId, offer }) => ({ modelId, offer: { ...offer, key: `${offer.provider}/${modelId}` } }))
    .filter((e) => !known.has(e.offer.key));
  shared.darkroomExtraOffers = [...(shared.darkroomExtraOffers ?? []), ...added];
  shared.darkroomCatalog = undefined;
}

function catalog(): CatalogModel[] {
  if (!shared.darkroomCatalog) {
    const extras = shared.darkroomExtraOffers ?? [];
    shared.darkroomCatalog = BUILT_IN.map((model) => {
      const more = extras.filter((e) => e.modelId === model.id).map((e) => e.offer);
      if (more.length === 0) return model;
      const simulator = model.providers.filter((o) => o.provider === SIMULATOR_PROVIDER);
      return { ...model, providers: [...model.providers.filter((o) => o.provider !== SIMULATOR_PROVIDER), ...more, ...simulator] };
    });
  }
  return shared.darkroomCatalog;
}

export function listModels(): CatalogModel[] {
  return catalog();
}

export function findModel(id: string): CatalogModel | undefined {
  return catalog().find((m) => m.id === id);
}

export function suggestModels(id: string): string[] {
  return closestMatches(id, catalog().map((m) => m.id));
}

export function findOffer(model: CatalogModel, provider: string): ProviderOffer | undefined {
  return model.providers.find((p) => p.provider === provider);
}

/** Splits `vertex/imagen-4.0-generate-001` into a pinned provider and model; a bare id pins nothing. */
export function parseModelAddress(address: string): { provider?: string; modelId: string } {
  const slash = address.indexOf("/");
  if (slash <= 0) return { modelId: address };
  return { provider: address.slice(0, slash), modelId: address.slice(slash + 1) };
}

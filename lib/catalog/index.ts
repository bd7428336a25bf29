import { fluxModels } from "./models/flux";
import { geminiImageModels } from "./models/gemini-image";
import { imagenModels } from "./models/imagen";
import { openaiModels } from "./models/openai";
import { closestMatches } from "./suggest";
import {
  modelSchema,
  type CatalogModel,
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

/** Every model can be served by the local simulator: same sizes, zero cost, clearly labelled. */
function withSimulator(model: ModelInput): ModelInput {
  const tiers = Object.keys(model.sizes) as Tier[];
  const ratios = [...new Set(tiers.flatMap((t) => Object.keys(model.sizes[t] ?? {})))];
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

const MODELS: CatalogModel[] = load([...imagenModels, ...geminiImageModels, ...openaiModels, ...fluxModels]);
const BY_ID = new Map(MODELS.map((m) => [m.id, m]));

export function listModels(): CatalogModel[] {
  return MODELS;
}

export function findModel(id: string): CatalogModel | undefined {
  return BY_ID.get(id);
}

export function suggestModels(id: string): string[] {
  return closestMatches(id, [...BY_ID.keys()]);
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

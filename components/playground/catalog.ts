/** The slice of the catalog the playground needs, rendered on the server and handed to the client as props. */

export interface ParamHandling {
  handling: "passthrough" | "renamed" | "converted" | "emulated" | "unsupported";
  wire?: string;
  note?: string;
}

export interface PlaygroundProvider {
  id: string;
  name: string;
  configured: boolean;
  simulated: boolean;
  /** Whether the router may pick it when no provider is pinned. */
  servesUnpinned: boolean;
  /** Catalog price of one image at the model's default size. */
  pricePerImage: number | null;
}

export interface PlaygroundSize {
  resolution: string;
  aspectRatio: string;
  /** What a caller writes in `size` to get it. */
  size: string;
  width: number;
  height: number;
}

export interface PlaygroundModel {
  id: string;
  name: string;
  creator: string;
  description: string;
  status: "active" | "deprecated" | "retired";
  lifecycleNote: string | null;
  promptMaxChars: number;
  defaultAspectRatio: string;
  defaultResolution: string;
  sizes: PlaygroundSize[];
  qualities: string[];
  styles: string[];
  thinkingLevels: string[];
  providers: PlaygroundProvider[];
  /** Per request parameter, how each provider handles it. */
  handling: Record<string, Record<string, ParamHandling>>;
}

export interface PlaygroundCatalog {
  models: PlaygroundModel[];
  /** The models Edit mode offers: those with a provider that edits. */
  editable: { id: string; maxInputImages: number; mask: boolean }[];
  defaultModel: string;
  /** Base URL of this server's API, for the code samples. */
  apiBase: string;
  maxSeed: number;
  outputFormats: string[];
}

export const resolutionsOf = (model: PlaygroundModel) => [...new Set(model.sizes.map((s) => s.resolution))];

export const ratiosOf = (model: PlaygroundModel, resolution: string) =>
  model.sizes.filter((s) => s.resolution === resolution).map((s) => s.aspectRatio);

/** The cheapest price among the providers the router would choose from. */
export function routedPrice(model: PlaygroundModel): number | null {
  const prices = model.providers.filter((p) => p.servesUnpinned && p.pricePerImage !== null).map((p) => p.pricePerImage!);
  return prices.length ? Math.min(...prices) : null;
}

/** The model size a form setting selects, for placeholders of the right shape. */
export function chosenSize(model: PlaygroundModel, choice: { sizeMode: "ratio" | "size"; size: string; resolution: string; aspectRatio: string }): PlaygroundSize {
  const match =
    choice.sizeMode === "size"
      ? model.sizes.find((s) => s.size === choice.size)
      : model.sizes.find((s) => s.resolution === choice.resolution && s.aspectRatio === choice.aspectRatio);
  return match ?? model.sizes[0]!;
}

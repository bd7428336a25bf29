import type { EditSupport, ModelInput, ParamSupport, PublicParam, Tier } from "../schema";

type Offer = ModelInput["providers"][number];
type Params = Partial<Record<PublicParam, ParamSupport>>;

/** The labels every hosted (fal / Replicate) model shares; each model adds what differs. */
export function hostedParams(differences: Params): Params {
  return {
    prompt: { mode: "passthrough" },
    negative_prompt: { mode: "unsupported" },
    seed: { mode: "passthrough" },
    n: { mode: "emulated", note: "one image per call; more are parallel calls" },
    size: { mode: "converted", wire: "aspect_ratio" },
    response_format: { mode: "emulated" },
    output_format: { mode: "emulated" },
    output_compression: { mode: "emulated" },
    quality: { mode: "unsupported" },
    style: { mode: "unsupported" },
    enhance_prompt: { mode: "unsupported" },
    user: { mode: "unsupported" },
    ...differences,
  };
}

/** One hosted offer priced per image, flat across its tiers. */
export function hostedOffer(opts: {
  provider: "fal" | "replicate";
  providerModelId: string;
  tiers: Tier[];
  aspectRatios: string[];
  maxImagesPerCall: number;
  usd: number;
  source: string;
  params: Params;
  edit?: EditSupport;
}): Offer {
  return {
    provider: opts.provider,
    providerModelId: opts.providerModelId,
    tiers: opts.tiers,
    aspectRatios: opts.aspectRatios,
    maxImagesPerCall: opts.maxImagesPerCall,
    price: { perImage: Object.fromEntries(opts.tiers.map((t) => [t, opts.usd])), source: opts.source, verified: false },
    params: opts.params,
    ...(opts.edit ? { edit: opts.edit } : {}),
  };
}

/** A size table from [ratio, width, height] rows. */
export function sizeTable(rows: [string, number, number][]): Record<string, { native: [number, number] }> {
  return Object.fromEntries(rows.map(([ratio, w, h]) => [ratio, { native: [w, h] }]));
}

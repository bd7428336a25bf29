import { TIER_AREA, TIERS, type CatalogModel, type Tier } from "@/lib/catalog/schema";

export interface SizeChoice {
  tier: Tier;
  aspectRatio: string;
  /** The model's native pixels for this ratio and tier: what the image will measure. */
  width: number;
  height: number;
  /** The size a user writes to ask for this ratio and tier (OpenAI-style `size`). */
  nominal: string;
}

export function ratioValue(ratio: string): number {
  const [w, h] = ratio.split(":").map(Number);
  return w! / h!;
}

/** Distances on a log scale, so 2:1 is as far from 1:1 as 1:2 is, and 7:1 is nearer 8:1 than 4:1. */
const logDistance = (a: number, b: number) => Math.abs(Math.log(a / b));

export function nearestRatio(target: number, ratios: string[]): string {
  return ratios.reduce((best, r) => (logDistance(ratioValue(r), target) < logDistance(ratioValue(best), target) ? r : best));
}

export function nearestTier(area: number, tiers: Tier[]): Tier {
  return tiers.reduce((best, t) => (logDistance(TIER_AREA[t], area) < logDistance(TIER_AREA[best], area) ? t : best));
}

/** "1.5K" → the area of a 1536-pixel square; unknown tiers are compared by area, never rejected. */
export function tierArea(resolution: string): number {
  const edge = Number.parseFloat(resolution) * 1024;
  return edge * edge;
}

export function canonicalTier(resolution: string): Tier | undefined {
  const upper = resolution.replace(/\s+/g, "").toUpperCase();
  return TIERS.find((t) => t === upper);
}

export function modelTiers(model: CatalogModel): Tier[] {
  return TIERS.filter((t) => model.sizes[t] && Object.keys(model.sizes[t]!).length > 0);
}

export function tierRatios(model: CatalogModel, tier: Tier): string[] {
  return Object.keys(model.sizes[tier] ?? {});
}

export function sizeChoice(model: CatalogModel, tier: Tier, aspectRatio: string): SizeChoice {
  const entry = model.sizes[tier]?.[aspectRatio];
  if (!entry) throw new Error(`${model.id} has no size for ${aspectRatio} @ ${tier}`);
  const [width, height] = entry.native;
  const [nw, nh] = entry.nominal ?? entry.native;
  return { tier, aspectRatio, width, height, nominal: `${nw}x${nh}` };
}

/** Every size a user may write exactly for this model (nominal and native), with what it selects. */
export function acceptedSizes(model: CatalogModel): Map<string, SizeChoice> {
  const accepted = new Map<string, SizeChoice>();
  for (const tier of modelTiers(model)) {
    for (const ratio of tierRatios(model, tier)) {
      const choice = sizeChoice(model, tier, ratio);
      accepted.set(choice.nominal, choice);
      accepted.set(`${choice.width}x${choice.height}`, choice);
    }
  }
  return accepted;
}

export function parseDimensions(size: string): { width: number; height: number } | undefined {
  const match = /^(\d+)\s*[xX×]\s*(\d+)$/.exec(size);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function parseRatio(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) return undefined;
  const w = Number(match[1]);
  const h = Number(match[2]);
  return w > 0 && h > 0 ? w / h : undefined;
}

import type { CatalogModel } from "@/lib/catalog";
import type { CompareCell } from "@/lib/compare/cell";

export const MIN_TARGETS = 2;
export const MAX_TARGETS = 8;

/** What every target of a comparison shares. */
export interface CompareSettings {
  prompt: string;
  negativePrompt: string;
  /** Null asks for a seed to be drawn once, at creation, for all targets. */
  seed: number | null;
  aspectRatio: string;
  resolution: string;
}

/** A model (the router chooses its provider) or a model pinned to one provider. */
export interface TargetOption {
  value: string;
  label: string;
  modelId: string;
  modelName: string;
  /** Null when the router chooses. */
  providerName: string | null;
  status: CatalogModel["lifecycle"]["state"];
  configured: boolean;
  /** Whether it would run on the local simulator. */
  simulated: boolean;
}

export interface CompareCatalog {
  targets: TargetOption[];
  aspectRatios: string[];
  resolutions: string[];
  maxSeed: number;
  minTargets: number;
  maxTargets: number;
}

export type { CompareCell };
export interface ComparisonView {
  id: string;
  createdAt: string;
  settings: CompareSettings & { seed: number };
  targets: string[];
  /** Every target's max_cost in USD, saved with the comparison; null for no cap. */
  maxCost: number | null;
  cells: CompareCell[];
}

/** A comparison started by Run again: the original's settings, targets and max cost under a new id. */
export type Rerun = Pick<ComparisonView, "id" | "settings" | "targets" | "maxCost">;

export interface TargetEstimate {
  target: string;
  costUsd: number | null;
  providerName: string | null;
  simulated: boolean;
  error: string | null;
  /** With a max cost: the cheapest eligible quote, and whether it fits under the cap (null without one). */
  cheapest?: { providerName: string; costUsd: number } | null;
  withinMaxCost?: boolean | null;
}

export interface ComparisonEstimate {
  totalUsd: number;
  targets: TargetEstimate[];
}

export interface RecentComparison {
  id: string;
  createdAt: string;
  prompt: string;
  targetLabels: string[];
  thumbnails: string[];
  failed: number;
}


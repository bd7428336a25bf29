import "server-only";
import { randomInt } from "node:crypto";
import { GatewayError, invalidRequest, notFound } from "@/lib/generation/errors";
import { listModels, SIMULATOR_LABEL, SIMULATOR_PROVIDER, TIERS, type CatalogModel } from "@/lib/catalog";
import { emptyCell, type CompareCell } from "@/lib/compare/cell";
import * as repo from "@/lib/db/comparisons";
import { newId } from "@/lib/ids";
import type { Warning } from "@/lib/params/warning";
import { MAX_SEED } from "@/lib/params/request-schema";
import { modelTiers, ratioValue, tierRatios } from "@/lib/params/sizes";
import { serverContext } from "@/lib/server/context";
import { estimate } from "./estimate";
import { generate, imageUrl, thumbnailUrl, type GenerationResponse } from "./generate";

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
  cells: CompareCell[];
}

export interface TargetEstimate {
  target: string;
  costUsd: number | null;
  providerName: string | null;
  simulated: boolean;
  error: string | null;
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

// Site-relative image addresses: the browser fetches them from wherever it reached the page.
const imageSrc = (image: { id: string; format: string }) => imageUrl("", image);
const thumbnailSrc = (imageId: string) => thumbnailUrl("", { id: imageId });

/** Display names of providers by id, from the registry (the simulator under its own label). */
function nameOfProvider(): (id: string) => string {
  const names = new Map(serverContext().registry.statuses.map((s) => [s.id, s.name]));
  names.set(SIMULATOR_PROVIDER, SIMULATOR_LABEL);
  return (id) => names.get(id) ?? id;
}

// The cost of a request does not depend on its prompt, so an empty prompt is estimated with a stand-in.
const ESTIMATE_PROMPT = "cost estimate";

function targetOptions(): TargetOption[] {
  const { registry } = serverContext();
  const providerName = nameOfProvider();
  return listModels().flatMap((model) => {
    const realConfigured = model.providers.some((o) => o.provider !== SIMULATOR_PROVIDER && registry.providers.has(o.provider));
    const routed: TargetOption = {
      value: model.id,
      label: model.name,
      modelId: model.id,
      modelName: model.name,
      providerName: null,
      status: model.lifecycle.state,
      configured: model.providers.some((o) => registry.servesUnpinned(o.provider, model)),
      simulated: !realConfigured && registry.providers.has(SIMULATOR_PROVIDER),
    };
    const pinned = model.providers.map(
      (offer): TargetOption => ({
        value: offer.key,
        label: `${model.name} on ${providerName(offer.provider)}`,
        modelId: model.id,
        modelName: model.name,
        providerName: providerName(offer.provider),
        status: model.lifecycle.state,
        configured: registry.providers.has(offer.provider),
        simulated: offer.provider === SIMULATOR_PROVIDER,
      }),
    );
    return [routed, ...pinned];
  });
}

export function compareCatalog(): CompareCatalog {
  const models = listModels();
  const ratios = [...new Set(models.flatMap((m) => modelTiers(m).flatMap((t) => tierRatios(m, t))))];
  const tiers = new Set(models.flatMap(modelTiers));
  return {
    targets: targetOptions(),
    // Square first, then from the widest landscape to the tallest portrait.
    aspectRatios: ratios.sort((a, b) => (a === "1:1" ? -1 : b === "1:1" ? 1 : ratioValue(b) - ratioValue(a))),
    resolutions: TIERS.filter((t) => tiers.has(t)),
    maxSeed: MAX_SEED,
    minTargets: MIN_TARGETS,
    maxTargets: MAX_TARGETS,
  };
}

const labels = () => new Map(targetOptions().map((t) => [t.value, t.label]));

/** The default model and the first other active model something serves: a prompt and one click compare. */
function defaultTargets(): string[] {
  const { registry, defaultModel } = serverContext();
  const second = listModels().find(
    (m) => m.id !== defaultModel && m.lifecycle.state === "active" && m.providers.some((o) => registry.servesUnpinned(o.provider, m)),
  );
  return [defaultModel, ...(second ? [second.id] : [])];
}

const DEFAULT_SETTINGS: CompareSettings = { prompt: "", negativePrompt: "", seed: null, aspectRatio: "1:1", resolution: "1K" };

/** Settings and targets from the page's query (`?prompt=…&seed=…`, as the gallery links), defaults for the rest. */
export function initialForm(catalog: CompareCatalog, get: (key: string) => string | undefined): { settings: CompareSettings; targets: string[] } {
  const seed = Number(get("seed"));
  const known = new Set(catalog.targets.map((t) => t.value));
  const asked = [...new Set((get("targets") ?? "").split(",").map((t) => t.trim()).filter((t) => known.has(t)))].slice(0, MAX_TARGETS);
  const ratio = get("aspect_ratio");
  const resolution = get("resolution");
  return {
    settings: {
      prompt: get("prompt") ?? DEFAULT_SETTINGS.prompt,
      negativePrompt: get("negative_prompt") ?? DEFAULT_SETTINGS.negativePrompt,
      seed: get("seed") && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED ? seed : null,
      aspectRatio: ratio && catalog.aspectRatios.includes(ratio) ? ratio : DEFAULT_SETTINGS.aspectRatio,
      resolution: resolution && catalog.resolutions.includes(resolution) ? resolution : DEFAULT_SETTINGS.resolution,
    },
    targets: asked.length >= MIN_TARGETS ? asked : defaultTargets(),
  };
}

/** The same OpenAI-style body the HTTP API takes, so a comparison cell is exactly what the API would return. */
function bodyFor(settings: CompareSettings, target: string, prompt = settings.prompt): Record<string, unknown> {
  return {
    model: target,
    prompt,
    ...(settings.negativePrompt ? { negative_prompt: settings.negativePrompt } : {}),
    ...(settings.seed === null ? {} : { seed: settings.seed }),
    aspect_ratio: settings.aspectRatio,
    resolution: settings.resolution,
    response_format: "url",
  };
}

function checkTargets(targets: string[]) {
  const known = labels();
  const unknown = targets.filter((t) => !known.has(t));
  if (unknown.length) throw invalidRequest(`Unknown targets: ${unknown.join(", ")}. Pick models or provider/model pairs from the list.`, "targets", "unknown_target");
}

export function estimateComparison(settings: CompareSettings, targets: string[]): ComparisonEstimate {
  checkTargets(targets);
  const providerName = nameOfProvider();
  const estimates = targets.map((target): TargetEstimate => {
    try {
      const result = estimate(bodyFor(settings, target, settings.prompt.trim() || ESTIMATE_PROMPT));
      return {
        target,
        costUsd: result.estimated_cost_usd,
        providerName: providerName(result.provider),
        simulated: result.provider === SIMULATOR_PROVIDER,
        error: null,
      };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return { target, costUsd: null, providerName: null, simulated: false, error: error.message };
    }
  });
  return { totalUsd: estimates.reduce((sum, e) => sum + (e.costUsd ?? 0), 0), targets: estimates };
}

/** Saves the settings and targets before anything runs, so the comparison's URL exists from the first click. */
export async function createComparison(settings: CompareSettings, targets: string[]): Promise<{ id: string; seed: number }> {
  checkTargets(targets);
  const id = newId("cmp");
  const seed = settings.seed ?? randomInt(0, MAX_SEED);
  await repo.createComparison({
    id,
    prompt: settings.prompt.trim(),
    negativePrompt: settings.negativePrompt.trim() || undefined,
    seed,
    aspectRatio: settings.aspectRatio,
    resolution: settings.resolution,
    targets,
  });
  return { id, seed };
}

function savedSettings(row: NonNullable<Awaited<ReturnType<typeof repo.findComparison>>>): CompareSettings & { seed: number } {
  return { prompt: row.prompt, negativePrompt: row.negativePrompt ?? "", seed: Number(row.seed), aspectRatio: row.aspectRatio, resolution: row.resolution };
}

const targetsOf = (row: { targets: unknown }): string[] => (Array.isArray(row.targets) ? row.targets.filter((t): t is string => typeof t === "string") : []);

async function loadComparison(id: string) {
  const row = await repo.findComparison({ id });
  if (!row) throw notFound("This comparison does not exist (it may have been deleted)", null, "comparison_not_found");
  return row;
}

/** "Run again": a new comparison with the same settings, seed included, and the same targets. */
export async function rerunComparison({ id }: { id: string }): Promise<{ id: string; settings: CompareSettings & { seed: number }; targets: string[] }> {
  const row = await loadComparison(id);
  const settings = savedSettings(row);
  const targets = targetsOf(row);
  const created = await createComparison(settings, targets);
  return { id: created.id, settings, targets };
}

interface FailedAttempt {
  provider: string;
  message: string | null;
}

// Failures after provider calls: their messages list every attempt, so the cell leads with the gist.
const PLAIN_FAILURES: Record<string, (provider: string) => string> = {
  provider_unavailable: (p) => `${p} is unavailable right now`,
  all_providers_failed: () => "Every provider it was sent to failed",
  rate_limit_exceeded: (p) => `${p} is rate limiting this server; try again later`,
  content_policy_violation: (p) => `${p} refused the prompt under its content policy`,
  upstream_invalid_request: (p) => `${p} rejected the request`,
};

function plainFailure(code: string | null, message: string, attempts: FailedAttempt[], providerName: (id: string) => string): Pick<CompareCell, "error" | "errorDetail"> {
  const plain = code ? PLAIN_FAILURES[code] : undefined;
  const failed = attempts.filter((a): a is { provider: string; message: string } => Boolean(a.message));
  if (!plain || failed.length === 0) return { error: message, errorDetail: null };
  const reasons = new Map<string, number>();
  for (const a of failed) {
    const reason = `${providerName(a.provider)}: ${a.message}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return {
    error: plain(providerName(failed[0]!.provider)),
    errorDetail: [...reasons].map(([reason, times]) => (times > 1 ? `${reason} (${times} attempts)` : reason)).join("; "),
  };
}

const attemptsOf = (error: GatewayError): FailedAttempt[] =>
  error.attempts.filter((a) => a.status === "failed").map((a) => ({ provider: a.provider, message: a.errorMessage ?? null }));

function liveCell(target: string, body: GenerationResponse): CompareCell {
  const image = body.darkroom.images[0]!;
  return {
    target,
    state: "succeeded",
    generationId: body.darkroom.id,
    providerName: body.darkroom.provider_name,
    simulated: body.darkroom.simulated,
    image: { id: image.id, src: imageSrc(image), thumbnail: thumbnailSrc(image.id), width: image.width, height: image.height },
    seed: body.darkroom.seeds[0] ?? null,
    latencyMs: body.darkroom.latency_ms,
    costUsd: body.darkroom.cost_usd,
    warnings: body.darkroom.warnings.map((w) => w.message),
    error: null,
    errorDetail: null,
  };
}

/**
 * Runs one target of a saved comparison with its saved settings. A failure is an answer, not an exception:
 * it is the cell's content, and the failed generation row (or, when none was written, the comparison) keeps it.
 */
export async function runTarget({ comparisonId, target, signal }: { comparisonId: string; target: string; signal?: AbortSignal }): Promise<CompareCell> {
  const row = await loadComparison(comparisonId);
  if (!targetsOf(row).includes(target)) throw invalidRequest(`${target} is not a target of this comparison`, "target", "unknown_target");
  const generations = await repo.findComparisonGenerations({ id: comparisonId });
  if (generations.some((g) => requestedTarget(g.request) === target) || target in failuresOf(row)) {
    throw invalidRequest(`${target} already ran in this comparison; use Run again for a new run`, "target", "already_ran");
  }
  try {
    const result = await generate({ body: bodyFor(savedSettings(row), target), source: "compare", comparisonId, signal });
    return liveCell(target, result.body);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const generationId = error.generationId ?? null;
    if (!generationId) await repo.recordTargetFailure({ id: comparisonId, target, failure: { message: error.message, code: error.code } });
    return { ...emptyCell(target, "failed"), generationId, ...plainFailure(error.code, error.message, attemptsOf(error), nameOfProvider()) };
  }
}

const requestedTarget = (request: unknown) =>
  request && typeof request === "object" && "model" in request && typeof request.model === "string" ? request.model : undefined;

function failuresOf(row: { failures: unknown }): Record<string, repo.TargetFailure> {
  return row.failures && typeof row.failures === "object" && !Array.isArray(row.failures) ? (row.failures as Record<string, repo.TargetFailure>) : {};
}

type SavedGeneration = Awaited<ReturnType<typeof repo.findComparisonGenerations>>[number];

function savedCell(target: string, g: SavedGeneration, providerName: (id: string) => string): CompareCell {
  const image = g.images[0];
  const done = g.status === "succeeded" || g.status === "partial";
  return {
    target,
    state: g.status === "pending" ? "running" : done && image ? "succeeded" : "failed",
    generationId: g.id,
    providerName: g.provider ? providerName(g.provider) : null,
    simulated: g.simulated,
    image: image ? { id: image.id, src: imageSrc(image), thumbnail: thumbnailSrc(image.id), width: image.width, height: image.height } : null,
    seed: image && image.seed >= 0 ? Number(image.seed) : Number(g.seed),
    latencyMs: g.latencyMs,
    costUsd: g.costUsd,
    warnings: Array.isArray(g.warnings) ? (g.warnings as unknown as Warning[]).map((w) => w.message) : [],
    ...(done && image) || g.status === "pending"
      ? { error: null, errorDetail: null }
      : plainFailure(g.errorCode, g.errorMessage ?? "The generation failed", g.attempts.map((a) => ({ provider: a.provider, message: a.errorMessage })), providerName),
  };
}

/** A saved comparison as it ran: read from its records, never generated again. */
export async function comparisonView({ id }: { id: string }): Promise<ComparisonView | null> {
  const row = await repo.findComparison({ id });
  if (!row) return null;
  const generations = await repo.findComparisonGenerations({ id });
  const failures = failuresOf(row);
  const targets = targetsOf(row);
  const providerName = nameOfProvider();
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    settings: savedSettings(row),
    targets,
    cells: targets.map((target) => {
      // Oldest first, so the last match is the latest run of the target.
      const generation = generations.findLast((g) => requestedTarget(g.request) === target);
      if (generation) return savedCell(target, generation, providerName);
      const failure = failures[target];
      return failure ? { ...emptyCell(target, "failed"), error: failure.message } : emptyCell(target, "not_run");
    }),
  };
}

export async function recentComparisons({ limit }: { limit: number }): Promise<RecentComparison[]> {
  const rows = await repo.listRecentComparisons({ limit });
  const known = labels();
  return rows.map((row) => {
    const targets = targetsOf(row);
    return {
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      prompt: row.prompt,
      targetLabels: targets.map((t) => known.get(t) ?? t),
      thumbnails: row.generations.flatMap((g) => g.images.map((image) => thumbnailSrc(image.id))),
      failed: row.generations.filter((g) => g.status === "failed" || g.status === "interrupted").length + Object.keys(failuresOf(row)).length,
    };
  });
}

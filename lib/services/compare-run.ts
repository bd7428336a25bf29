import "server-only";
import { canAccess, ownerOf, type Viewer } from "@/lib/auth/viewer";
import { randomInt } from "node:crypto";
import { emptyCell, type CompareCell } from "@/lib/compare/cell";
import * as repo from "@/lib/db/comparisons";
import { GatewayError, invalidRequest, notFound } from "@/lib/generation/errors";
import { isSimulated } from "@/lib/generation/simulated";
import { newId } from "@/lib/ids";
import { MAX_SEED } from "@/lib/params/request-schema";
import { bodyFor, labels, nameOfProvider } from "./compare-catalog";
import { attemptsOf, failuresOf, liveCell, plainFailure, requestedTarget, savedSettings, targetsOf } from "./compare-cells";
import type { CompareSettings, ComparisonEstimate, Rerun, TargetEstimate } from "./compare-types";
import { estimate } from "./estimate";
import { budgetedGenerate } from "./budgeted-generate";

// The cost of a request does not depend on its prompt, so an empty prompt is estimated with a stand-in.
const ESTIMATE_PROMPT = "cost estimate";

function checkTargets(targets: string[]) {
  const known = labels();
  const unknown = targets.filter((t) => !known.has(t));
  if (unknown.length) throw invalidRequest(`Unknown targets: ${unknown.join(", ")}. Pick models or provider/model pairs from the list.`, "targets", "unknown_target");
}

/** `maxCost`: each target also says whether its cheapest eligible provider fits under it, as max_cost would decide. */
export function estimateComparison(settings: CompareSettings, targets: string[], maxCost: number | null = null): ComparisonEstimate {
  checkTargets(targets);
  const providerName = nameOfProvider();
  const estimates = targets.map((target): TargetEstimate => {
    try {
      const result = estimate(bodyFor(settings, target, settings.prompt.trim() || ESTIMATE_PROMPT));
      const cheapest = result.providers.filter((p) => p.eligible).sort((a, b) => a.estimated_cost_usd - b.estimated_cost_usd)[0];
      return {
        target,
        costUsd: result.estimated_cost_usd,
        providerName: providerName(result.provider),
        simulated: isSimulated(result.provider),
        error: null,
        ...(maxCost === null || !cheapest
          ? {}
          : { cheapest: { providerName: providerName(cheapest.provider), costUsd: cheapest.estimated_cost_usd }, withinMaxCost: cheapest.estimated_cost_usd <= maxCost + 1e-9 }),
      };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return { target, costUsd: null, providerName: null, simulated: false, error: error.message };
    }
  });
  return { totalUsd: estimates.reduce((sum, e) => sum + (e.costUsd ?? 0), 0), targets: estimates };
}

/**
 * Saves the settings, targets and max cost (null: none) before anything runs, so the comparison's URL
 * exists from the first click and every target runs under the same cap.
 */
export async function createComparison(
  settings: CompareSettings,
  targets: string[],
  viewer: Viewer = { kind: "local" },
  maxCost: number | null = null,
): Promise<{ id: string; seed: number }> {
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
    ...(maxCost === null ? {} : { maxCostUsd: maxCost }),
    userId: ownerOf(viewer).userId,
  });
  return { id, seed };
}

/** Another member's comparison is as absent as a deleted one. */
async function loadComparison(id: string, viewer: Viewer) {
  const row = await repo.findComparison({ id });
  if (!row || !canAccess(viewer, row)) throw notFound("This comparison does not exist (it may have been deleted)", null, "comparison_not_found");
  return row;
}

/** "Run again": a new comparison with the same settings, seed and max cost included, and the same targets. */
export async function rerunComparison({ id, viewer = { kind: "local" } }: { id: string; viewer?: Viewer }): Promise<Rerun> {
  const row = await loadComparison(id, viewer);
  const settings = savedSettings(row);
  const targets = targetsOf(row);
  const created = await createComparison(settings, targets, viewer, row.maxCostUsd);
  return { id: created.id, settings, targets, maxCost: row.maxCostUsd };
}

/**
 * Runs one target of a saved comparison with its saved settings and max cost. A failure is an answer, not an
 * exception: it is the cell's content, and the failed generation row (or, when none was written, the comparison) keeps it.
 */
export async function runTarget({ comparisonId, target, signal, viewer = { kind: "local" } }: { comparisonId: string; target: string; signal?: AbortSignal; viewer?: Viewer }): Promise<CompareCell> {
  const row = await loadComparison(comparisonId, viewer);
  if (!targetsOf(row).includes(target)) throw invalidRequest(`${target} is not a target of this comparison`, "target", "unknown_target");
  const generations = await repo.findComparisonGenerations({ id: comparisonId });
  if (generations.some((g) => requestedTarget(g.request) === target) || target in failuresOf(row)) {
    throw invalidRequest(`${target} already ran in this comparison; use Run again for a new run`, "target", "already_ran");
  }
  try {
    const maxCost = row.maxCostUsd === null ? {} : { max_cost: row.maxCostUsd };
    const result = await budgetedGenerate({ body: { ...bodyFor(savedSettings(row), target), ...maxCost }, source: "compare", comparisonId, signal, owner: { userId: row.userId ?? undefined } });
    return liveCell(target, result.generation);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const generationId = error.generationId ?? null;
    if (!generationId) await repo.recordTargetFailure({ id: comparisonId, target, failure: { message: error.message, code: error.code } });
    return { ...emptyCell(target, "failed"), generationId, ...plainFailure(error.code, error.message, attemptsOf(error), nameOfProvider()) };
  }
}


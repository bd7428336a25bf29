import "server-only";
import { canAccess, userScope, type Viewer } from "@/lib/auth/viewer";
import { emptyCell, type CompareCell } from "@/lib/compare/cell";
import * as repo from "@/lib/db/comparisons";
import type { GatewayError } from "@/lib/generation/errors";
import type { Warning } from "@/lib/params/warning";
import { imageSrc, labels, nameOfProvider, thumbnailSrc } from "./compare-catalog";
import type { CompareSettings, ComparisonView, RecentComparison } from "./compare-types";
import type { Generation } from "@/lib/generation/generation";

export function savedSettings(row: NonNullable<Awaited<ReturnType<typeof repo.findComparison>>>): CompareSettings & { seed: number } {
  return { prompt: row.prompt, negativePrompt: row.negativePrompt ?? "", seed: Number(row.seed), aspectRatio: row.aspectRatio, resolution: row.resolution };
}

export const targetsOf = (row: { targets: unknown }): string[] => (Array.isArray(row.targets) ? row.targets.filter((t): t is string => typeof t === "string") : []);

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

export function plainFailure(code: string | null, message: string, attempts: FailedAttempt[], providerName: (id: string) => string): Pick<CompareCell, "error" | "errorDetail"> {
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

export const attemptsOf = (error: GatewayError): FailedAttempt[] =>
  error.attempts.filter((a) => a.status === "failed").map((a) => ({ provider: a.provider, message: a.errorMessage ?? null }));


export function liveCell(target: string, g: Generation): CompareCell {
  const image = g.images[0]!;
  return {
    target,
    state: "succeeded",
    generationId: g.id,
    providerName: g.providerName,
    simulated: g.simulated,
    image: { id: image.id, src: imageSrc(image), thumbnail: thumbnailSrc(image.id), width: image.width, height: image.height },
    seed: image.seed ?? null,
    latencyMs: g.latencyMs,
    costUsd: g.costUsd,
    warnings: g.warnings.map((w) => w.message),
    error: null,
    errorDetail: null,
  };
}


export const requestedTarget = (request: unknown) =>
  request && typeof request === "object" && "model" in request && typeof request.model === "string" ? request.model : undefined;

export function failuresOf(row: { failures: unknown }): Record<string, repo.TargetFailure> {
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
/** `viewer`: another member's comparison is as absent as a deleted one. */
export async function comparisonView({ id, viewer }: { id: string; viewer?: Viewer }): Promise<ComparisonView | null> {
  const row = await repo.findComparison({ id });
  if (!row || (viewer && !canAccess(viewer, row))) return null;
  const generations = await repo.findComparisonGenerations({ id });
  const failures = failuresOf(row);
  const targets = targetsOf(row);
  const providerName = nameOfProvider();
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    settings: savedSettings(row),
    targets,
    maxCost: row.maxCostUsd,
    cells: targets.map((target) => {
      // Oldest first, so the last match is the latest run of the target.
      const generation = generations.findLast((g) => requestedTarget(g.request) === target);
      if (generation) return savedCell(target, generation, providerName);
      const failure = failures[target];
      return failure ? { ...emptyCell(target, "failed"), error: failure.message } : emptyCell(target, "not_run");
    }),
  };
}

export async function recentComparisons({ limit, viewer }: { limit: number; viewer?: Viewer }): Promise<RecentComparison[]> {
  const rows = await repo.listRecentComparisons({ limit, owner: viewer ? userScope(viewer) : {} });
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


"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { createComparisonAction, estimateComparisonAction, rerunComparisonAction, startTargetAction } from "@/app/(studio)/compare/actions";
import { emptyCell } from "@/lib/compare/cell";
import type { ActionError } from "@/lib/query/action-result";
import type { CompareCell, CompareSettings, ComparisonView } from "@/lib/services/compare";

/** A cell on screen: `startedAt` is set while this browser waits for it, for the cell's timer. */
export type CellState = CompareCell & { startedAt: number | null };

export interface ShownComparison {
  id: string;
  settings: CompareSettings & { seed: number };
  targets: string[];
  /** Saved with the comparison: every target ran under it. */
  maxCost: number | null;
  cells: CellState[];
}

export interface CompareInput {
  settings: CompareSettings;
  targets: string[];
  /** The max_cost in USD of each target, saved with the comparison, or null for none. */
  maxCost: number | null;
}

/** The estimated cost of every target before running; the previous answer stays while the next one loads. */
export function useComparisonEstimate(input: CompareInput) {
  return useQuery({
    queryKey: ["compare-estimate", input],
    queryFn: () => estimateComparisonAction(input),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

const runningCell = (target: string, startedAt: number): CellState => ({ ...emptyCell(target, "running"), startedAt });

/**
 * Creates a comparison, then runs each target with its own action call, so every cell fills in as soon as
 * its own result arrives and a slow or failing target holds up nobody.
 */
export function useComparisonRun(initial: ComparisonView | null, onCreated: (comparison: ShownComparison) => void) {
  const [shown, setShown] = useState<ShownComparison | null>(initial && { ...initial, cells: initial.cells.map((c) => ({ ...c, startedAt: null })) });
  const [error, setError] = useState<ActionError | null>(null);
  const [creating, setCreating] = useState(false);

  // A result that arrives after another comparison started belongs to the old one: it is saved, not shown.
  function settle(id: string, cell: CellState) {
    setShown((s) => (s && s.id === id ? { ...s, cells: s.cells.map((c) => (c.target === cell.target ? cell : c)) } : s));
  }

  async function runTarget(id: string, target: string) {
    let cell: CellState;
    try {
      const { outcome } = await startTargetAction(id, target);
      const result = await outcome;
      cell = result.data ? { ...result.data, startedAt: null } : { ...runningCell(target, 0), state: "failed", error: result.error.message, startedAt: null };
    } catch {
      cell = { ...runningCell(target, 0), state: "failed", error: "The server could not be reached; its result may still appear on this comparison's page later.", startedAt: null };
    }
    settle(id, cell);
  }

  function launch(saved: Omit<ShownComparison, "cells">) {
    // The address becomes the comparison's shareable one at once, without leaving the page.
    window.history.pushState(null, "", `/compare/${saved.id}`);
    const now = Date.now();
    const comparison = { ...saved, cells: saved.targets.map((t) => runningCell(t, now)) };
    setShown(comparison);
    onCreated(comparison);
    for (const target of saved.targets) void runTarget(saved.id, target);
  }

  async function guarded(action: () => Promise<void>) {
    if (creating) return;
    setCreating(true);
    setError(null);
    try {
      await action();
    } catch {
      setError({ message: "The server could not be reached; try again.", param: null, code: "network_error" });
    } finally {
      setCreating(false);
    }
  }

  return {
    shown,
    error,
    creating,
    start: (input: CompareInput) =>
      guarded(async () => {
        const result = await createComparisonAction(input);
        if (result.error) setError(result.error);
        else {
          const { prompt, negativePrompt } = input.settings;
          const settings = { ...input.settings, prompt: prompt.trim(), negativePrompt: negativePrompt.trim(), seed: result.data.seed };
          launch({ id: result.data.id, settings, targets: input.targets, maxCost: input.maxCost });
        }
      }),
    /** The same settings, targets and max cost as the comparison shown, under a new id. */
    runAgain: () =>
      guarded(async () => {
        if (!shown) return;
        const result = await rerunComparisonAction(shown.id);
        if (result.error) setError(result.error);
        else launch(result.data);
      }),
  };
}

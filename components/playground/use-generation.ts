"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { cancelGeneration, estimateGeneration, startGeneration } from "@/app/(studio)/actions";
import type { ActionResult } from "@/lib/query/action-result";
import { queryKeys } from "@/lib/query/keys";

export type GenerationOutcome = Awaited<Awaited<ReturnType<typeof startGeneration>>["outcome"]>;
export type Generation = NonNullable<GenerationOutcome["data"]>;

/** The dry-run cost of a request; the previous estimate stays on screen while the next one loads. */
export function useEstimate(body: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.estimate(body),
    queryFn: () => estimateGeneration(body),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

const CANCELLED: ActionResult<never> = { error: { message: "Generation cancelled", param: null, code: "cancelled" } };

interface Run {
  body: Record<string, unknown>;
  runId: string;
  signal: AbortSignal;
}

/** A v4 UUID; crypto.randomUUID() exists only on secure origins, and a LAN deployment may be plain http. */
function randomUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function abortion(signal: AbortSignal): Promise<typeof CANCELLED> {
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(CANCELLED), { once: true }));
}

/**
 * A generation through the server action. Cancel stops waiting at once and asks the server to abort the
 * provider calls; the outcome then reads as cancelled.
 */
export function useGeneration(onSettled: (body: Record<string, unknown>, outcome: GenerationOutcome) => void) {
  const current = useRef<{ runId: string; controller: AbortController } | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ body, runId, signal }: Run): Promise<GenerationOutcome> => {
      const cancelled = abortion(signal);
      const started = await Promise.race([startGeneration(body, runId), cancelled]);
      return "outcome" in started ? Promise.race([started.outcome, cancelled]) : started;
    },
    onSuccess: (outcome, run) => onSettled(run.body, outcome),
  });

  return {
    ...mutation,
    generate(body: Record<string, unknown>) {
      const run = { runId: randomUuid(), controller: new AbortController() };
      current.current = run;
      mutation.mutate({ body, runId: run.runId, signal: run.controller.signal });
    },
    cancel() {
      const run = current.current;
      if (!run) return;
      run.controller.abort();
      void cancelGeneration(run.runId);
    },
  };
}

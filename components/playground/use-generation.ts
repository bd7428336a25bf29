"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { cancelGeneration, estimateGeneration, startGeneration } from "@/app/(studio)/actions";
import type { ActionResult } from "@/lib/query/action-result";
import { queryKeys } from "@/lib/query/keys";

export type GenerationOutcome = Awaited<Awaited<ReturnType<typeof startGeneration>>["outcome"]>;
export type Generation = NonNullable<GenerationOutcome["data"]>;
export type StreamedImage = Awaited<ReturnType<typeof startGeneration>>["images"] extends AsyncIterable<infer T> ? T : never;
/** Starts a run on the server: a generation or an edit, both answering images as they are stored, then the outcome. */
export type StartRun = (runId: string) => ReturnType<typeof startGeneration>;

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
  start: StartRun;
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

/** Hands each streamed image to the page until the run ends or is cancelled. */
async function readImages(images: AsyncIterable<StreamedImage>, signal: AbortSignal, onImage: (image: StreamedImage) => void) {
  try {
    for await (const image of images) {
      if (signal.aborted) return;
      onImage(image);
    }
  } catch {
    // A broken stream only loses the previews; the outcome still says how the run ended.
  }
}

/**
 * A generation through a server action. Each image shows as soon as the server stores it; the outcome
 * follows. Cancel stops waiting at once and asks the server to abort the provider calls; the outcome then
 * reads as cancelled.
 */
export function useGeneration(onSettled: (body: Record<string, unknown>, outcome: GenerationOutcome) => void, onImage: (image: StreamedImage) => void) {
  const current = useRef<{ runId: string; controller: AbortController } | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ start, runId, signal }: Run): Promise<GenerationOutcome> => {
      const cancelled = abortion(signal);
      const started = await Promise.race([start(runId), cancelled]);
      if (!("outcome" in started)) return started;
      void readImages(started.images, signal, onImage);
      return Promise.race([started.outcome, cancelled]);
    },
    onSuccess: (outcome, run) => onSettled(run.body, outcome),
  });

  return {
    ...mutation,
    /** `body` is what the history keeps; `start` defaults to a generation of that body. */
    generate(body: Record<string, unknown>, start: StartRun = (runId) => startGeneration(body, runId)) {
      const run = { runId: randomUuid(), controller: new AbortController() };
      current.current = run;
      mutation.mutate({ body, start, runId: run.runId, signal: run.controller.signal });
    },
    cancel() {
      const run = current.current;
      if (!run) return;
      run.controller.abort();
      void cancelGeneration(run.runId);
    },
  };
}

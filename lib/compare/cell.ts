/** A comparison cell: shared by the compare service and the browser (no server-only imports here). */
export interface CompareCell {
  target: string;
  state: "succeeded" | "failed" | "running" | "not_run";
  generationId: string | null;
  providerName: string | null;
  simulated: boolean;
  image: { id: string; src: string; thumbnail: string; width: number; height: number } | null;
  seed: number | null;
  latencyMs: number | null;
  costUsd: number | null;
  warnings: string[];
  /** Why it failed, in plain words. */
  error: string | null;
  /** The providers' own reasons, each once, when they add something to `error`. */
  errorDetail: string | null;
}

/** A cell in `state` with no result yet. */
export const emptyCell = (target: string, state: CompareCell["state"]): CompareCell => ({
  target,
  state,
  generationId: null,
  providerName: null,
  simulated: false,
  image: null,
  seed: null,
  latencyMs: null,
  costUsd: null,
  warnings: [],
  error: null,
  errorDetail: null,
});

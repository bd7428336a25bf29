import type { Tone } from "@/components/ui/badge";

export const SOURCE_LABELS: Record<string, string> = { api: "API", playground: "Playground", compare: "Compare", arena: "Arena" };

export const STATUS_LABELS: Record<string, string> = {
  succeeded: "Succeeded",
  partial: "Partly failed",
  failed: "Failed",
  interrupted: "Interrupted",
  pending: "In progress",
};

export const STATUS_TONES: Record<string, Tone> = { succeeded: "green", partial: "amber", failed: "red", interrupted: "red", pending: "blue" };

export const SORT_LABELS: Record<string, string> = { newest: "Newest first", oldest: "Oldest first", cost: "Highest cost first" };

/** UTC and fixed-format, so the server's and the browser's rendering agree (no hydration mismatch). */
export const formatDateTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

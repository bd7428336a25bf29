import type { Tone } from "@/components/ui/badge";

export const SOURCE_LABELS: Record<string, string> = { api: "API", playground: "Playground", compare: "Compare", arena: "Arena" };

export const STATUS_LABELS: Record<string, string> = {
  succeeded: "Succeeded",
  partial: "Partly failed",
  failed: "Failed",
  interrupted: "Interrupted",
  pending: "In progress",
  cancelled: "Cancelled",
};

export const STATUS_TONES: Record<string, Tone> = { succeeded: "green", partial: "amber", failed: "red", interrupted: "amber", pending: "blue", cancelled: "neutral" };

/** A failed generation whose caller stopped it reads as cancelled, not as a provider's failure. */
export const displayStatus = (status: string, errorCode: string | null) => (errorCode === "cancelled" ? "cancelled" : status);

/** Why a generation without images has none, in a person's words. */
export const STATUS_EXPLANATIONS: Record<string, string> = {
  cancelled: "Cancelled before it finished: the provider calls were stopped.",
  interrupted: "Interrupted: the server stopped before this generation finished.",
};

export const SORT_LABELS: Record<string, string> = { newest: "Newest first", oldest: "Oldest first", cost: "Highest cost first" };

/** UTC and fixed-format, so the server's and the browser's rendering agree (no hydration mismatch). */
export const formatDateTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

import type { ReactNode } from "react";
import { cx } from "./cx";

export type Tone = "neutral" | "green" | "amber" | "red" | "blue" | "violet";

const TONES: Record<Tone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  amber: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  red: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  blue: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800",
  violet: "bg-violet-50 text-violet-800 ring-violet-300 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800",
};

export function Badge({ tone = "neutral", title, children }: { tone?: Tone; title?: string; children: ReactNode }) {
  return (
    <span title={title} className={cx("inline-flex items-center rounded px-1.5 py-0.5 text-[11px] leading-4 font-medium ring-1 ring-inset", TONES[tone])}>
      {children}
    </span>
  );
}

/** The badge every simulated image or provider carries, so a simulated result is never mistaken for a real one. */
export function SimulatedBadge() {
  return (
    <Badge tone="violet" title="Made by the local simulator, not a real model">
      Simulated
    </Badge>
  );
}

const STATUS_TONES: Record<string, Tone> = { active: "green", deprecated: "amber", retired: "red" };

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? "neutral"}>{status}</Badge>;
}

const HANDLING_TONES: Record<string, Tone> = { passthrough: "green", renamed: "blue", converted: "blue", emulated: "violet", unsupported: "red" };

/** How a provider handles a parameter (passthrough, renamed, converted, emulated, unsupported). */
export function HandlingBadge({ handling, title }: { handling: string; title?: string }) {
  return (
    <Badge tone={HANDLING_TONES[handling] ?? "neutral"} title={title}>
      {handling}
    </Badge>
  );
}

import type { ReactNode } from "react";
import { cx } from "./cx";

export const inputClass = cx(
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs",
  "placeholder:text-zinc-400 focus:border-amber-500 focus:outline-2 focus:outline-amber-500/40",
  "disabled:cursor-not-allowed disabled:bg-zinc-100 disabled:text-zinc-500",
  "aria-invalid:border-red-500 aria-invalid:outline-red-500/40",
  "dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:disabled:bg-zinc-800",
);

/** The ids of a field's hint and error, for the control's aria-describedby. */
export const describedBy = (id: string, parts: { hint?: boolean; error?: string | null }) =>
  [parts.hint ? `${id}-hint` : null, parts.error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

/** A visible label above its control, with an optional hint and an inline error below. */
export function Field({
  id,
  label,
  aside,
  hint,
  error,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  aside?: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cx("flex flex-col gap-1.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

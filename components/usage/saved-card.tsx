/** One headline number of the usage page. */
export function SavedCard({ label, value, hint, accent = false }: { label: string; value: string; hint?: string; accent?: boolean }) {
  return (
    <section
      aria-label={label}
      className={`flex min-w-0 flex-col gap-1 rounded-lg border p-3 sm:p-4 ${accent ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40" : "border-zinc-200 dark:border-zinc-800"}`}
    >
      <h2 className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{label}</h2>
      <p className={`text-xl font-semibold tabular-nums ${accent ? "text-emerald-700 dark:text-emerald-300" : ""}`}>{value}</p>
      {hint ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
    </section>
  );
}

"use client";
import { useState, useTransition } from "react";
import { setUserBudgetAction } from "./actions";

const field = "h-8 w-24 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const button = "rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** A user's monthly budget in USD (empty: no limit) and what they spent this month. */
export function BudgetForm({ userId, email, budgetUsd, spentUsd }: { userId: string; email: string; budgetUsd: number | null; spentUsd: number }) {
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [pending, start] = useTransition();
  const save = (form: FormData) =>
    start(async () => {
      const result = await setUserBudgetAction(userId, String(form.get("budget") ?? ""));
      setError(result.error?.message);
      setSaved(!result.error);
    });
  return (
    <form action={save} className="flex flex-wrap items-center gap-2">
      <label className="flex items-center gap-1 text-xs">
        $<input name="budget" inputMode="decimal" defaultValue={budgetUsd ?? ""} placeholder="no limit" aria-label={`Monthly budget of ${email} (USD)`} className={field} />
      </label>
      <button type="submit" disabled={pending} className={button}>Save</button>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">${spentUsd.toFixed(2)} this month</span>
      {saved ? <span role="status" className="text-xs">Saved</span> : null}
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </form>
  );
}

"use client";
import { describedBy, Field, inputClass } from "./field";

/** The optional "Max cost (USD)" field of the playground and compare forms (sent as max_cost). */
export function MaxCostInput({ id, hint, value, error, onChange }: { id: string; hint: string; value: string; error?: string | null; onChange: (value: string) => void }) {
  return (
    <Field id={id} label="Max cost (USD)" hint={hint} error={error}>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        value={value}
        placeholder="no limit"
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint: true, error })}
        className={`${inputClass} max-w-40`}
      />
    </Field>
  );
}

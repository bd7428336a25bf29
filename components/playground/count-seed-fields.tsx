"use client";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import type { FieldGroupProps } from "./form-types";
import { ParamBadge } from "./param-badge";

const drawSeed = (max: number) => Math.floor(Math.random() * (max + 1));

/** Number of images, and the seed: random each time, or fixed (typed, re-rolled, or taken from a result). */
export function CountSeedFields({ form, update, errorFor, handlingOf, providerName, maxSeed }: FieldGroupProps & { maxSeed: number }) {
  const nError = errorFor("n");
  const seedError = errorFor("seed");
  const random = form.seed === null;
  return (
    <div className="grid grid-cols-[5rem_minmax(0,1fr)] gap-3">
      <Field id="n" label="Images" error={nError} aside={<ParamBadge handling={handlingOf("n")} providerName={providerName} />}>
        <input
          id="n"
          type="number"
          min={1}
          max={10}
          value={form.n}
          onChange={(e) => Number.isFinite(e.target.valueAsNumber) && update({ n: Math.trunc(e.target.valueAsNumber) })}
          aria-invalid={nError ? true : undefined}
          aria-describedby={describedBy("n", { error: nError })}
          className={inputClass}
        />
      </Field>
      <Field id="seed" label="Seed" error={seedError} aside={<ParamBadge handling={handlingOf("seed")} providerName={providerName} />}>
        <div className="flex items-center gap-2">
          <input
            id="seed"
            type="number"
            min={0}
            max={maxSeed}
            value={form.seed ?? ""}
            placeholder="random"
            disabled={random}
            onChange={(e) => Number.isFinite(e.target.valueAsNumber) && update({ seed: Math.trunc(e.target.valueAsNumber) })}
            aria-invalid={seedError ? true : undefined}
            aria-describedby={describedBy("seed", { error: seedError })}
            className={`${inputClass} min-w-0 flex-1`}
          />
          <label className="flex items-center gap-1.5 text-xs font-medium whitespace-nowrap text-zinc-700 dark:text-zinc-300">
            <input
              type="checkbox"
              checked={random}
              onChange={(e) => update({ seed: e.target.checked ? null : drawSeed(maxSeed) })}
              className="size-4 accent-amber-500"
            />
            Random
          </label>
          <Button size="sm" onClick={() => update({ seed: drawSeed(maxSeed) })} title="Draw a new fixed seed">
            Re-roll
          </Button>
        </div>
      </Field>
    </div>
  );
}

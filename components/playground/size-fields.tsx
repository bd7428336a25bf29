"use client";
import { cx } from "@/components/ui/cx";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { ratiosOf, resolutionsOf, type PlaygroundModel } from "./catalog";
import type { FieldGroupProps } from "./form-types";
import { ParamBadge } from "./param-badge";

/** Size by aspect ratio and resolution tier, or by one of the model's pixel sizes. */
export function SizeFields({ form, update, errorFor, handlingOf, providerName, model }: FieldGroupProps & { model: PlaygroundModel }) {
  const ratioError = errorFor("aspect_ratio");
  const resolutionError = errorFor("resolution");
  const sizeError = errorFor("size");
  const ratios = ratiosOf(model, form.resolution);
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1.5 flex items-center gap-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        Size <ParamBadge handling={handlingOf("size")} providerName={providerName} />
      </legend>
      <div role="radiogroup" aria-label="Choose size by" className="inline-flex w-fit rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
        {(
          [
            ["ratio", "By ratio"],
            ["size", "By pixels"],
          ] as const
        ).map(([mode, label]) => (
          <label
            key={mode}
            className={cx(
              "cursor-pointer rounded px-3 py-1 text-xs font-medium has-focus-visible:outline-2 has-focus-visible:outline-amber-500",
              form.sizeMode === mode ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 dark:text-zinc-400",
            )}
          >
            <input type="radio" name="size-mode" value={mode} checked={form.sizeMode === mode} onChange={() => update({ sizeMode: mode })} className="sr-only" />
            {label}
          </label>
        ))}
      </div>
      {form.sizeMode === "ratio" ? (
        <div className="grid grid-cols-2 gap-3">
          <Field id="aspect-ratio" label="Aspect ratio" error={ratioError}>
            <select
              id="aspect-ratio"
              value={form.aspectRatio}
              onChange={(e) => update({ aspectRatio: e.target.value })}
              aria-invalid={ratioError ? true : undefined}
              aria-describedby={describedBy("aspect-ratio", { error: ratioError })}
              className={inputClass}
            >
              {ratios.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <Field id="resolution" label="Resolution" error={resolutionError}>
            <select
              id="resolution"
              value={form.resolution}
              onChange={(e) => {
                const next = ratiosOf(model, e.target.value);
                update({ resolution: e.target.value, ...(next.includes(form.aspectRatio) ? {} : { aspectRatio: next[0]! }) });
              }}
              aria-invalid={resolutionError ? true : undefined}
              aria-describedby={describedBy("resolution", { error: resolutionError })}
              className={inputClass}
            >
              {resolutionsOf(model).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
        </div>
      ) : (
        <Field id="size" label="Pixel size" error={sizeError}>
          <select
            id="size"
            value={form.size}
            onChange={(e) => update({ size: e.target.value })}
            aria-invalid={sizeError ? true : undefined}
            aria-describedby={describedBy("size", { error: sizeError })}
            className={inputClass}
          >
            {model.sizes.map((s) => (
              <option key={`${s.resolution}-${s.aspectRatio}`} value={s.size}>
                {s.size} ({s.aspectRatio}, {s.resolution})
              </option>
            ))}
          </select>
        </Field>
      )}
    </fieldset>
  );
}

"use client";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { MaxCostInput } from "@/components/ui/max-cost-input";

/** The form's own view of the settings: the seed as typed, so a half-typed number is not lost. */
export interface SettingsForm {
  prompt: string;
  negativePrompt: string;
  seed: string;
  aspectRatio: string;
  resolution: string;
  /** The max cost per target in USD, as typed; "" for none. */
  maxCost: string;
}

export interface SettingsErrors {
  prompt?: string | null;
  seed?: string | null;
  maxCost?: string | null;
}

/** One prompt, negative prompt, seed, aspect ratio and resolution for every target. */
export function SettingsFields({
  form,
  errors,
  aspectRatios,
  resolutions,
  maxSeed,
  onChange,
}: {
  form: SettingsForm;
  errors: SettingsErrors;
  aspectRatios: string[];
  resolutions: string[];
  maxSeed: number;
  onChange: (patch: Partial<SettingsForm>) => void;
}) {
  return (
    <div className="flex flex-col gap-4">
      <Field id="compare-prompt" label="Prompt" error={errors.prompt}>
        <textarea
          id="compare-prompt"
          rows={4}
          value={form.prompt}
          onChange={(e) => onChange({ prompt: e.target.value })}
          aria-invalid={errors.prompt ? true : undefined}
          aria-describedby={describedBy("compare-prompt", { error: errors.prompt })}
          placeholder="A lighthouse at dusk, long exposure"
          className={inputClass}
        />
      </Field>
      <Field id="compare-negative-prompt" label="Negative prompt" hint="Providers without one get a warning in their cell.">
        <input
          id="compare-negative-prompt"
          type="text"
          value={form.negativePrompt}
          onChange={(e) => onChange({ negativePrompt: e.target.value })}
          aria-describedby={describedBy("compare-negative-prompt", { hint: true })}
          className={inputClass}
        />
      </Field>
      <div className="grid grid-cols-3 gap-3">
        <Field id="compare-seed" label="Seed" error={errors.seed}>
          <input
            id="compare-seed"
            type="number"
            inputMode="numeric"
            min={0}
            max={maxSeed}
            value={form.seed}
            onChange={(e) => onChange({ seed: e.target.value })}
            placeholder="random"
            aria-invalid={errors.seed ? true : undefined}
            aria-describedby={describedBy("compare-seed", { error: errors.seed })}
            className={inputClass}
          />
        </Field>
        <Field id="compare-aspect-ratio" label="Aspect ratio">
          <select id="compare-aspect-ratio" value={form.aspectRatio} onChange={(e) => onChange({ aspectRatio: e.target.value })} className={inputClass}>
            {aspectRatios.map((ratio) => (
              <option key={ratio} value={ratio}>
                {ratio}
              </option>
            ))}
          </select>
        </Field>
        <Field id="compare-resolution" label="Resolution">
          <select id="compare-resolution" value={form.resolution} onChange={(e) => onChange({ resolution: e.target.value })} className={inputClass}>
            {resolutions.map((resolution) => (
              <option key={resolution} value={resolution}>
                {resolution}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="-mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        A blank seed is drawn once and shared by every target. A target that does not offer the ratio or resolution uses its nearest and says so.
      </p>
      <MaxCostInput id="compare-max-cost" hint="Optional, per target. Only providers whose estimate fits are used." value={form.maxCost} error={errors.maxCost} onChange={(maxCost) => onChange({ maxCost })} />
    </div>
  );
}

"use client";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import type { PlaygroundModel } from "./catalog";
import type { PlaygroundForm } from "./form-state";
import type { FieldGroupProps } from "./form-types";
import { ParamBadge } from "./param-badge";

type Choice = "quality" | "style" | "thinking";

function ChoiceField({ name, label, values, props }: { name: Choice; label: string; values: string[]; props: FieldGroupProps }) {
  const { form, update, errorFor, handlingOf, providerName } = props;
  const error = errorFor(name);
  return (
    <Field id={name} label={label} error={error} aside={<ParamBadge handling={handlingOf(name)} providerName={providerName} />}>
      <select
        id={name}
        value={form[name]}
        onChange={(e) => update({ [name]: e.target.value } as Partial<PlaygroundForm>)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, { error })}
        className={inputClass}
      >
        <option value="">Default</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The settings only some models have: quality, style, thinking, prompt enhancement. */
export function ModelOptions({ model, ...props }: FieldGroupProps & { model: PlaygroundModel }) {
  const enhanceable = Object.values(model.handling.enhance_prompt ?? {}).some((h) => h.handling !== "unsupported");
  if (!model.qualities.length && !model.styles.length && !model.thinkingLevels.length && !enhanceable) return null;
  return (
    <div className="grid grid-cols-2 gap-3">
      {model.qualities.length ? <ChoiceField name="quality" label="Quality" values={model.qualities} props={props} /> : null}
      {model.styles.length ? <ChoiceField name="style" label="Style" values={model.styles} props={props} /> : null}
      {model.thinkingLevels.length ? <ChoiceField name="thinking" label="Thinking" values={model.thinkingLevels} props={props} /> : null}
      {enhanceable ? (
        <label className="col-span-2 flex items-center gap-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
          <input
            type="checkbox"
            checked={props.form.enhancePrompt}
            onChange={(e) => props.update({ enhancePrompt: e.target.checked })}
            className="size-4 accent-amber-500"
          />
          Enhance prompt
          <ParamBadge handling={props.handlingOf("enhance_prompt")} providerName={props.providerName} />
        </label>
      ) : null}
    </div>
  );
}

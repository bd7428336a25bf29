"use client";
import { cx } from "@/components/ui/cx";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import type { FieldGroupProps } from "./form-types";
import { ParamBadge } from "./param-badge";

export function PromptFields({ form, update, errorFor, handlingOf, providerName, maxChars }: FieldGroupProps & { maxChars: number }) {
  const promptError = errorFor("prompt");
  const negativeError = errorFor("negative_prompt");
  const length = form.prompt.trim().length;
  const over = length > maxChars;
  return (
    <>
      <Field
        id="prompt"
        label="Prompt"
        error={promptError}
        aside={
          <span id="prompt-count" className={cx("text-xs tabular-nums", over ? "font-medium text-red-600 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400")}>
            {length.toLocaleString("en-US")} / {maxChars.toLocaleString("en-US")}
          </span>
        }
        hint={
          <>
            Required.<span className="pointer-coarse:hidden"> Ctrl+Enter (⌘+Enter on a Mac) generates.</span>
          </>
        }
      >
        <textarea
          id="prompt"
          name="prompt"
          rows={5}
          value={form.prompt}
          onChange={(e) => update({ prompt: e.target.value })}
          aria-required="true"
          aria-invalid={promptError || over ? true : undefined}
          aria-describedby={[describedBy("prompt", { hint: true, error: promptError }), "prompt-count"].join(" ")}
          placeholder="A lighthouse on a cliff at dusk, long exposure, the words “Darkroom” painted on the wall"
          className={cx(inputClass, "resize-y")}
        />
      </Field>
      <Field
        id="negative-prompt"
        label="Negative prompt"
        error={negativeError}
        aside={<ParamBadge handling={handlingOf("negative_prompt")} providerName={providerName} />}
      >
        <textarea
          id="negative-prompt"
          name="negative_prompt"
          rows={2}
          value={form.negativePrompt}
          onChange={(e) => update({ negativePrompt: e.target.value })}
          aria-invalid={negativeError ? true : undefined}
          aria-describedby={describedBy("negative-prompt", { error: negativeError })}
          placeholder="What to keep out of the image"
          className={cx(inputClass, "resize-y")}
        />
      </Field>
    </>
  );
}

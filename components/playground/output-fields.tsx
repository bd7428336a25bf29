"use client";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { COMPRESSIBLE_FORMATS } from "./form-state";
import type { FieldGroupProps } from "./form-types";
import { ParamBadge } from "./param-badge";

export function OutputFields({ form, update, errorFor, handlingOf, providerName, formats }: FieldGroupProps & { formats: string[] }) {
  const formatError = errorFor("output_format");
  const compressionError = errorFor("output_compression");
  return (
    <div className="grid grid-cols-2 gap-3">
      <Field id="output-format" label="Output format" error={formatError} aside={<ParamBadge handling={handlingOf("output_format")} providerName={providerName} />}>
        <select
          id="output-format"
          value={form.outputFormat}
          onChange={(e) => update({ outputFormat: e.target.value })}
          aria-invalid={formatError ? true : undefined}
          aria-describedby={describedBy("output-format", { error: formatError })}
          className={inputClass}
        >
          <option value="">As returned</option>
          {formats.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </Field>
      {COMPRESSIBLE_FORMATS.includes(form.outputFormat) ? (
        <Field id="output-compression" label="Compression (1–100)" error={compressionError} aside={<ParamBadge handling={handlingOf("output_compression")} providerName={providerName} />}>
          <input
            id="output-compression"
            type="number"
            min={1}
            max={100}
            value={form.outputCompression ?? ""}
            placeholder="default"
            onChange={(e) => update({ outputCompression: Number.isFinite(e.target.valueAsNumber) ? Math.trunc(e.target.valueAsNumber) : null })}
            aria-invalid={compressionError ? true : undefined}
            aria-describedby={describedBy("output-compression", { error: compressionError })}
            className={inputClass}
          />
        </Field>
      ) : null}
    </div>
  );
}

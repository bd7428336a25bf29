"use client";
import { useId, useState } from "react";
import { CopyButton } from "./copy-button";
import { cx } from "./cx";

export interface CodeSample {
  label: string;
  code: string;
}

/** Code samples in tabs (curl, JavaScript, Python), each copyable. */
export function CodeTabs({ samples, label }: { samples: CodeSample[]; label: string }) {
  const [active, setActive] = useState(0);
  const base = useId();
  const current = samples[active] ?? samples[0]!;
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
      <div className="flex items-center justify-between gap-2 border-b border-zinc-200 bg-zinc-50 px-2 dark:border-zinc-800 dark:bg-zinc-900">
        <div role="tablist" aria-label={label} className="flex">
          {samples.map((sample, i) => (
            <button
              key={sample.label}
              type="button"
              role="tab"
              id={`${base}-tab-${i}`}
              aria-selected={i === active}
              aria-controls={`${base}-panel`}
              onClick={() => setActive(i)}
              className={cx(
                "border-b-2 px-3 py-2 text-xs font-medium",
                i === active
                  ? "border-amber-500 text-zinc-900 dark:text-zinc-100"
                  : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200",
              )}
            >
              {sample.label}
            </button>
          ))}
        </div>
        <CopyButton text={current.code} label={`Copy ${current.label}`} />
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${active}`}>
        <pre className="max-h-96 overflow-auto bg-zinc-950 p-4 text-xs leading-relaxed text-zinc-100">
          <code>{current.code}</code>
        </pre>
      </div>
    </div>
  );
}

"use client";
import { cx } from "@/components/ui/cx";
import { EditInputs, type EditSource } from "./edit-inputs";
import { MaskPainter, type MaskHandle } from "./mask-painter";

export type PlaygroundMode = "generate" | "edit";

/** What the playground knows of a model's editing: how many pictures it takes and whether a mask is honoured. */
export interface EditableModel {
  id: string;
  maxInputImages: number;
  mask: boolean;
}

/** Generate from a prompt, or edit pictures with one. */
export function ModeSwitch({ mode, onChange }: { mode: PlaygroundMode; onChange: (mode: PlaygroundMode) => void }) {
  return (
    <div role="radiogroup" aria-label="Mode" className="grid grid-cols-2 gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900">
      {(["generate", "edit"] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={mode === m}
          onClick={() => onChange(m)}
          className={cx(
            "h-9 rounded-md text-sm font-medium",
            mode === m ? "bg-white text-zinc-950 shadow-sm dark:bg-zinc-800 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
          )}
        >
          {m === "generate" ? "Generate" : "Edit"}
        </button>
      ))}
    </div>
  );
}

/** Edit mode's inputs: the pictures, then a mask painted over the first one when the model honours masks. */
export function EditPanel({
  editable,
  sources,
  error,
  maskError,
  onAdd,
  onRemove,
  onMask,
}: {
  editable: EditableModel;
  sources: EditSource[];
  error: string | null;
  maskError: string | null;
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
  onMask: (handle: MaskHandle) => void;
}) {
  const base = sources[0];
  return (
    <section aria-label="Edit inputs" className="flex flex-col gap-4">
      <EditInputs sources={sources} maxImages={editable.maxInputImages} error={error} onAdd={onAdd} onRemove={onRemove} />
      {base && editable.mask ? (
        <div className="flex flex-col gap-1.5">
          <span className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Mask (optional)</span>
          <MaskPainter key={base.key} src={base.src} width={base.width} height={base.height} onChange={onMask} />
          {maskError ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {maskError}
            </p>
          ) : null}
        </div>
      ) : null}
      {base && !editable.mask ? <p className="text-xs text-zinc-500 dark:text-zinc-400">This model edits the whole picture: it takes no mask.</p> : null}
      {base ? <p className="text-xs text-zinc-500 dark:text-zinc-400">The result keeps the first picture’s shape, at the model’s nearest aspect ratio.</p> : null}
    </section>
  );
}

"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { formatBytes } from "@/components/ui/format";

/** One picture to edit: a file the user dropped or picked, or a gallery image named by its id. */
export type EditSource = { key: string; src: string; width: number; height: number; name: string } & ({ kind: "file"; file: File } | { kind: "stored"; imageId: string });

/** What one playground edit may carry; the server checks the same (and sniffs the bytes). */
export const EDIT_TYPES = ["image/png", "image/jpeg", "image/webp"];
// Server actions cap their request body (next.config.mjs); one edit's pictures must fit below it.
export const EDIT_UPLOAD_BYTES = 60 * 1024 * 1024;

let counter = 0;

/** Reads a dropped file's pixel size; refuses what is not a png, jpeg or webp picture. */
export async function fileSource(file: File): Promise<EditSource | { error: string }> {
  if (!EDIT_TYPES.includes(file.type)) return { error: `${file.name} is not a png, jpeg or webp picture` };
  try {
    const bitmap = await createImageBitmap(file);
    const { width, height } = bitmap;
    bitmap.close();
    return { kind: "file", file, key: `f${++counter}`, src: URL.createObjectURL(file), width, height, name: file.name };
  } catch {
    return { error: `${file.name} could not be read as a picture` };
  }
}

/** Pick or drop the pictures to edit; the first is the one a mask applies to. */
export function EditInputs({
  sources,
  maxImages,
  error,
  onAdd,
  onRemove,
}: {
  sources: EditSource[];
  maxImages: number;
  error: string | null;
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  const full = sources.length >= maxImages;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <span id={`${id}-label`} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Pictures to edit
        </span>
        <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {sources.length} / {maxImages}
        </span>
      </div>
      {sources.length ? (
        <ul aria-labelledby={`${id}-label`} className="grid grid-cols-3 gap-2 sm:grid-cols-4">
          {sources.map((source, i) => (
            <li key={source.key} className="relative flex flex-col gap-1">
              <img src={source.src} alt={`Input ${i + 1}: ${source.name}`} className="aspect-square w-full rounded-md border border-zinc-200 bg-zinc-100 object-cover dark:border-zinc-800 dark:bg-zinc-800" />
              <span title={source.kind === "file" ? `${source.name}, ${formatBytes(source.file.size)}` : source.name} className="truncate text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
                {i === 0 ? "Base · " : ""}
                {source.width}×{source.height}
              </span>
              <Button size="sm" variant="secondary" aria-label={`Remove input ${i + 1}`} onClick={() => onRemove(source.key)} className="absolute top-1 right-1 h-6 px-1.5">
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {full ? null : (
        <label
          htmlFor={`${id}-files`}
          onDragOver={(e) => {
            if (!e.dataTransfer.types.includes("Files")) return;
            e.preventDefault();
            e.stopPropagation();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setOver(false);
            onAdd([...e.dataTransfer.files]);
          }}
          className={cx(
            "flex cursor-pointer flex-col items-center gap-1 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm",
            over ? "border-amber-500 bg-amber-50 dark:bg-amber-950/30" : "border-zinc-300 hover:border-zinc-400 dark:border-zinc-700",
            error && "border-red-500",
          )}
        >
          <span className="font-medium text-zinc-800 dark:text-zinc-200">Drop pictures here, or choose files</span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">png, jpeg or webp · up to {maxImages} for this model</span>
          <input
            id={`${id}-files`}
            data-testid="edit-files"
            type="file"
            multiple
            accept={EDIT_TYPES.join(",")}
            className="sr-only"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              onAdd([...(e.target.files ?? [])]);
              e.target.value = "";
            }}
          />
        </label>
      )}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

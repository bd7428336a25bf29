"use client";
import { useId, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

const FORMATS = [
  { ext: "png", label: "PNG" },
  { ext: "jpg", label: "JPEG" },
  { ext: "webp", label: "WebP" },
  { ext: "avif", label: "AVIF" },
  { ext: "gif", label: "GIF" },
] as const;

/** Download links in a chosen format: the image route converts on the fly, so any stored image works. */
export function ImageDownloads({ images, originalExt }: { images: { id: string; index: number }[]; originalExt: string }) {
  const id = useId();
  const [ext, setExt] = useState(originalExt);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Download format
        </label>
        <select id={id} value={ext} onChange={(event) => setExt(event.target.value)} className={`${inputClass} w-36`}>
          {FORMATS.map((f) => (
            <option key={f.ext} value={f.ext}>
              {f.label}
              {f.ext === originalExt ? " (original)" : ""}
            </option>
          ))}
        </select>
      </div>
      {images.map((image) => (
        <a key={image.id} href={`/images/${image.id}.${ext}?download`} download className={buttonClass("secondary", "md")}>
          Download{images.length > 1 ? ` image ${image.index + 1}` : ""}
        </a>
      ))}
    </div>
  );
}

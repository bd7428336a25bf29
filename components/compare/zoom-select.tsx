import { cx } from "@/components/ui/cx";
import { inputClass } from "@/components/ui/field";

export const ZOOMS = [
  { value: "fit", label: "Fit" },
  { value: "1", label: "Actual pixels" },
  { value: "2", label: "2×" },
] as const;
export type Zoom = (typeof ZOOMS)[number]["value"];

/** The zoom picker of the pixel comparison and the gallery's side-by-side view. */
export function ZoomSelect({ id, label, zoom, onChange, className }: { id: string; label: string; zoom: Zoom; onChange: (zoom: Zoom) => void; className?: string }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <select id={id} value={zoom} onChange={(e) => onChange(e.target.value as Zoom)} className={cx(inputClass, className)}>
        {ZOOMS.map((z) => (
          <option key={z.value} value={z.value}>
            {z.label}
          </option>
        ))}
      </select>
    </div>
  );
}

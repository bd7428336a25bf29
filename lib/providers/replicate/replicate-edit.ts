import type { Warning } from "@/lib/params/warning";
import type { EditInputs } from "../types";

/**
 * The edit field of a Replicate input: FLUX.1 Kontext takes the picture as `input_image`, a URI; Replicate
 * accepts a data URI for file inputs, so the bytes go inline.
 */
export function replicateEditInput(edit: EditInputs | undefined): { input: Record<string, unknown>; warnings: Warning[] } {
  if (!edit) return { input: {}, warnings: [] };
  const warnings: Warning[] = [];
  if (edit.mask) warnings.push({ type: "unsupported", param: "mask", message: "Replicate's FLUX.1 Kontext takes no mask; the whole image may change" });
  if (edit.inputFidelity) warnings.push({ type: "unsupported", param: "input_fidelity", message: "Replicate's FLUX.1 Kontext has no input_fidelity setting; it was ignored" });
  const image = edit.images[0]!;
  return { input: { input_image: `data:${image.mediaType};base64,${Buffer.from(image.bytes).toString("base64")}` }, warnings };
}

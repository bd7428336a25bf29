import type { Warning } from "@/lib/params/warning";
import type { EditInputs } from "../types";

const dataUri = (image: EditInputs["images"][number]) => `data:${image.mediaType};base64,${Buffer.from(image.bytes).toString("base64")}`;

/**
 * The edit fields of a fal input: FLUX.1 Kontext's edit endpoints take the picture as `image_url`, which
 * may be a data URI (fal's file inputs accept base64 data URIs), so no upload round trip is needed.
 */
export function falEditInput(edit: EditInputs | undefined): { input: Record<string, unknown>; warnings: Warning[] } {
  if (!edit) return { input: {}, warnings: [] };
  const warnings: Warning[] = [];
  if (edit.mask) warnings.push({ type: "unsupported", param: "mask", message: "fal.ai's FLUX.1 Kontext takes no mask; the whole image may change" });
  if (edit.inputFidelity) warnings.push({ type: "unsupported", param: "input_fidelity", message: "fal.ai's FLUX.1 Kontext has no input_fidelity setting; it was ignored" });
  return { input: { image_url: dataUri(edit.images[0]!) }, warnings };
}

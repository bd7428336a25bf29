import type { Warning } from "@/lib/params/warning";
import type { EditInputs } from "@/lib/providers/types";

/**
 * An edit's pictures as generateContent image parts after the prompt's text part (Gemini edits from the
 * conversation's images; it has no mask or fidelity setting, which the router never sends it anyway).
 */
export function editParts(edit: EditInputs | undefined, name: string): { parts: { inlineData: { mimeType: string; data: string } }[]; warnings: Warning[] } {
  if (!edit) return { parts: [], warnings: [] };
  const warnings: Warning[] = [];
  if (edit.mask) warnings.push({ type: "unsupported", param: "mask", message: `${name} takes no mask; the whole image may change` });
  if (edit.inputFidelity) warnings.push({ type: "unsupported", param: "input_fidelity", message: `${name} has no input_fidelity setting; it was ignored` });
  const parts = edit.images.map((image) => ({ inlineData: { mimeType: image.mediaType, data: Buffer.from(image.bytes).toString("base64") } }));
  return { parts, warnings };
}

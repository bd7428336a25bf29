import "server-only";
import { listGenerationInputs, type GenerationInputRow } from "@/lib/db/generation-inputs";
import type { EditImage, EditInputs } from "@/lib/providers/types";
import { serverContext } from "@/lib/server/context";
import type { Prepared } from "./claim";
import { inputFidelity, restrictTo } from "./edit";

const MEDIA: Record<string, EditImage["mediaType"]> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };

async function picture(row: GenerationInputRow): Promise<EditImage> {
  const bytes = await serverContext().storage.read(row.storageKey);
  return { bytes, mediaType: MEDIA[row.format] ?? "image/png", width: row.width, height: row.height };
}

/**
 * A queued edit (Prefer: respond-async on /v1/images/edits) runs from what was stored before its 202: the
 * input pictures (GenerationInput rows) and input_fidelity, kept in the stored request for this. The
 * offers are narrowed to those that can edit them, as the synchronous path does.
 */
export async function resumeEdit(row: { id: string; operation: string; request: unknown }, prepared: Prepared): Promise<void> {
  if (row.operation !== "edit") return;
  const rows = await listGenerationInputs({ generationId: row.id });
  const images = await Promise.all(rows.filter((r) => r.role === "image").map(picture));
  const maskRow = rows.find((r) => r.role === "mask");
  const { input_fidelity: fidelity, ...extra } = prepared.req.extra;
  prepared.req.extra = extra;
  const inputs: EditInputs = { images, mask: maskRow ? await picture(maskRow) : undefined, inputFidelity: inputFidelity(fidelity) };
  restrictTo(prepared, inputs);
}

import "server-only";
import { invalidRequest } from "@/lib/generation/errors";
import { budgetedEstimate } from "./budgeted-generate";
import { editableModel, fits, inputFidelity, withInputShape, type EditImageRef } from "./edit";
import { checkEditImage } from "./edit-inputs";

export interface EditEstimateInput {
  images: EditImageRef[];
  mask?: EditImageRef;
  body: Record<string, unknown>;
}

/**
 * POST /v1/images/edits?dryRun=true: a generation's quote over the offers that can edit these inputs (how
 * many pictures, whether masked). Nothing is stored; an uploaded first picture sets the shape as a real edit's would.
 */
export async function estimateEdit({ images, mask, body: raw }: EditEstimateInput) {
  const { input_fidelity: fidelity, ...body } = raw;
  inputFidelity(fidelity);
  if (images.length === 0) throw invalidRequest("image is required: send image (one file) or image[] (several)", "image", "missing_image");
  const model = editableModel(body);
  const first = images[0]!;
  const shaped = "bytes" in first ? withInputShape(body, model, await checkEditImage(first.bytes, "image")) : body;
  const masked = mask !== undefined;
  return budgetedEstimate(shaped, {
    keep: (offer) => fits(offer, images.length, masked),
    none: () =>
      invalidRequest(
        `No configured provider of ${model?.id ?? String(body.model)} edits ${images.length} image(s)${masked ? " with a mask" : ""}; GET /v1/models lists each offer's edit limits`,
        "model",
        "no_edit_provider_configured",
      ),
  });
}

"use server";
import { z } from "zod";
import { ownerOf, requireViewer } from "@/lib/auth/session";
import { editImages, type EditImageRef } from "@/lib/services/edit";
import { mayEditFrom } from "@/lib/services/edit-source";
import { rejectedRun, startRun, type StartedRun } from "./playground-runs";

// The parameters are validated by the edit service's normalizer, as for the API; here only the form's shape.
const formSchema = z.object({
  runId: z.uuid(),
  body: z.string().transform((text, ctx) => {
    try {
      return z.record(z.string(), z.unknown()).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: "custom", message: "body must be a JSON object" });
      return z.NEVER;
    }
  }),
  // In order: an uploaded file, or the id of a gallery image ("edit this image").
  image: z.array(z.union([z.instanceof(File), z.string().regex(/^img_[a-z0-9]+$/i)])).min(1),
  mask: z.instanceof(File).optional(),
});

const refOf = async (entry: File | string): Promise<EditImageRef> =>
  typeof entry === "string" ? { imageId: entry } : { bytes: new Uint8Array(await entry.arrayBuffer()), name: entry.name };

/**
 * The playground's Edit mode: starts an edit of the form's pictures (and mask) and returns at once, its
 * images streaming in as they are stored, like startGeneration.
 */
export async function startEdit(form: FormData): Promise<StartedRun> {
  const viewer = await requireViewer();
  const parsed = formSchema.safeParse({ runId: form.get("runId"), body: form.get("body"), image: form.getAll("image"), mask: form.get("mask") ?? undefined });
  if (!parsed.success) return rejectedRun("Add at least one png, jpeg or webp picture to edit", "image");
  const { runId, body, image, mask } = parsed.data;
  const ids = image.filter((entry): entry is string => typeof entry === "string");
  if (!(await mayEditFrom(ids, viewer))) return rejectedRun("That gallery image does not exist or is not yours to edit", "image");
  const images = await Promise.all(image.map(refOf));
  const maskRef = mask ? await refOf(mask) : undefined;
  return startRun(runId, (signal) =>
    editImages({ images, ...(maskRef ? { mask: maskRef } : {}), body: { response_format: "url", ...body }, source: "playground", signal, owner: ownerOf(viewer) }),
  );
}

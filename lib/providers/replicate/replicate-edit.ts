import { z } from "zod";
import type { Warning } from "@/lib/params/warning";
import { postForm } from "../shared/form-call";
import type { EditImage, EditInputs } from "../types";
import { REPLICATE, replicateHttpError } from "./replicate-errors";
import type { PredictionSettings } from "./replicate-predictions";

/** Replicate's own client sends files up to this size inline as data URIs and uploads larger ones. */
export const MAX_INLINE_FILE_BYTES = 10_000_000;

const fileSchema = z.looseObject({ urls: z.looseObject({ get: z.string().min(1) }) });

/** Uploads a picture through Replicate's Files API; its `urls.get` is what a prediction input names. */
async function uploadFile(image: EditImage, settings: PredictionSettings, modelId: string, signal: AbortSignal): Promise<string> {
  const form = new FormData();
  const extension = image.mediaType.slice("image/".length).replace("jpeg", "jpg");
  form.append("content", new Blob([new Uint8Array(image.bytes)], { type: image.mediaType }), `input.${extension}`);
  form.append("metadata", new Blob(["{}"], { type: "application/json" }));
  const { data } = await postForm({
    provider: REPLICATE,
    url: `${settings.baseUrl}/v1/files`,
    headers: { authorization: `Bearer ${settings.apiToken}` },
    form,
    signal,
    fetch: settings.fetch,
    schema: fileSchema,
    errors: { http: (response) => replicateHttpError(response, modelId) },
    what: "answer to the file upload",
  });
  return data.urls.get;
}

/**
 * The edit field of a Replicate input: FLUX.1 Kontext takes the picture as `input_image`, a URI. Small
 * pictures go inline as a data URI; larger ones are uploaded first, as Replicate's client does.
 */
export async function replicateEditInput(
  edit: EditInputs | undefined,
  ctx: { settings: PredictionSettings; modelId: string; signal: AbortSignal },
): Promise<{ input: Record<string, unknown>; warnings: Warning[] }> {
  if (!edit) return { input: {}, warnings: [] };
  const warnings: Warning[] = [];
  if (edit.mask) warnings.push({ type: "unsupported", param: "mask", message: "Replicate's FLUX.1 Kontext takes no mask; the whole image may change" });
  if (edit.inputFidelity) warnings.push({ type: "unsupported", param: "input_fidelity", message: "Replicate's FLUX.1 Kontext has no input_fidelity setting; it was ignored" });
  const image = edit.images[0]!;
  const base64 = Buffer.from(image.bytes).toString("base64");
  const uri = base64.length + 40 <= MAX_INLINE_FILE_BYTES ? `data:${image.mediaType};base64,${base64}` : await uploadFile(image, ctx.settings, ctx.modelId, ctx.signal);
  return { input: { input_image: uri }, warnings };
}

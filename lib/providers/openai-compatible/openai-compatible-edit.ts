import { postForm } from "../shared/form-call";
import type { FetchFn } from "../shared/http";
import type { JsonCallErrors, JsonResult } from "../shared/json-call";
import type { EditInputs } from "../types";
import { imagesResponseSchema, type ImagesResponse } from "./openai-compatible-schemas";

const EXTENSION: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export interface EditCall {
  provider: string;
  /** `{base}/images/edits`. */
  url: string;
  headers: Record<string, string>;
  /** The same fields a generation would send as JSON. */
  body: Record<string, unknown>;
  edit: EditInputs;
  signal: AbortSignal;
  fetch?: FetchFn;
  errors: JsonCallErrors;
}

/** Form fields are text: numbers and booleans as written, objects and arrays as JSON. */
const formValue = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** OpenAI's multipart edit body: the fields, then `image` (one) or `image[]` (several), then the mask. */
export function editForm(body: Record<string, unknown>, edit: EditInputs): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) if (value !== undefined && value !== null) form.append(key, formValue(value));
  if (edit.inputFidelity) form.append("input_fidelity", edit.inputFidelity);
  const field = edit.images.length === 1 ? "image" : "image[]";
  edit.images.forEach((image, i) => form.append(field, new Blob([new Uint8Array(image.bytes)], { type: image.mediaType }), `image-${i}.${EXTENSION[image.mediaType]}`));
  if (edit.mask) form.append("mask", new Blob([new Uint8Array(edit.mask.bytes)], { type: "image/png" }), "mask.png");
  return form;
}

/** POST {base}/images/edits as multipart/form-data; the answer is an Images API response like a generation's. */
export function postImagesEdit(call: EditCall): Promise<JsonResult<ImagesResponse>> {
  const { body, edit, ...rest } = call;
  return postForm({ ...rest, form: editForm(body, edit), schema: imagesResponseSchema });
}

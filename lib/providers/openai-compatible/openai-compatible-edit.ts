import { ProviderError } from "../errors";
import { decodeResponseBody } from "../shared/json-body.mjs";
import { answerCap } from "../shared/json-fetch";
import { networkError, type FetchFn, type JsonResponse } from "../shared/http";
import { parseJsonResponse, type JsonCallErrors, type JsonResult } from "../shared/json-call";
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

/** Reads an answer up to the JSON answer cap (a base64 body is at most that), so no provider can flood memory. */
async function readCapped(response: Response, provider: string): Promise<Buffer> {
  const cap = answerCap();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > cap) throw new ProviderError({ provider, kind: "upstream", retryable: false, message: `${provider} sent an answer larger than ${cap} bytes` });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * POST {base}/images/edits as multipart/form-data. The JSON request thread carries text bodies only, so
 * this one call runs here; its answer is parsed and classified exactly like a generation's.
 */
export async function postImagesEdit(call: EditCall): Promise<JsonResult<ImagesResponse>> {
  let answer: JsonResponse;
  try {
    const response = await (call.fetch ?? fetch)(call.url, {
      method: "POST",
      headers: { accept: "application/json", ...call.headers },
      body: editForm(call.body, call.edit),
      signal: call.signal,
    });
    answer = { status: response.status, headers: response.headers, ...decodeResponseBody(await readCapped(response, call.provider), response.status) };
  } catch (error) {
    throw networkError(call.provider, error, call.signal);
  }
  return { data: parseJsonResponse({ provider: call.provider, schema: imagesResponseSchema, errors: call.errors }, answer), response: answer };
}

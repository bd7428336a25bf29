import "server-only";
import { invalidRequest } from "./errors";
import { readRequestBytes } from "./http";
import { checkJsonValue } from "./request-body";

/** An input picture as the form sent it: a file, or (Darkroom's extension) the id of a gallery image. */
export type FormImage = { bytes: Uint8Array; name?: string } | { imageId: string };

export interface EditForm {
  images: FormImage[];
  mask?: FormImage;
  /** Every other field, with numbers and booleans typed: what POST /v1/images/generations takes as JSON. */
  body: Record<string, unknown>;
}

/** Fields a form can only send as text that the generation schema types as numbers or booleans. */
const NUMBERS = new Set(["n", "seed", "output_compression", "partial_images"]);
const BOOLEANS = new Set(["stream", "enhance_prompt", "allow_partial", "embed_metadata", "store", "fallback_on_content_policy"]);
const LISTS = new Set(["provider_order"]);

const IMAGE_KEYS = new Set(["image", "image[]"]);
const GALLERY_ID = /^img_[a-z0-9]{1,60}$/i;

/** "3" → 3 and "true" → true where the schema wants them; anything else stays text, so the schema names the field. */
function typed(key: string, value: string): unknown {
  if (NUMBERS.has(key) && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (BOOLEANS.has(key)) {
    const lower = value.trim().toLowerCase();
    if (lower === "true" || lower === "1") return true;
    if (lower === "false" || lower === "0") return false;
  }
  return value;
}

async function picture(key: string, value: FormDataEntryValue): Promise<FormImage> {
  if (typeof value !== "string") return { bytes: new Uint8Array(await value.arrayBuffer()), name: value.name || undefined };
  if (GALLERY_ID.test(value.trim())) return { imageId: value.trim() };
  throw invalidRequest(`${key} must be a file (png, jpeg or webp) or the id of a gallery image (img_…)`, key, "invalid_image");
}

async function parseForm(req: Request, maxBytes: number): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw invalidRequest("POST /v1/images/edits takes multipart/form-data (image or image[], mask, prompt, …), as the OpenAI SDKs send it", null, "invalid_content_type");
  }
  const bytes = await readRequestBytes(req, maxBytes);
  try {
    const view = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    return await new Response(view, { headers: { "content-type": type } }).formData();
  } catch {
    throw invalidRequest("The multipart body could not be parsed", null, "invalid_multipart");
  }
}

/** Reads an edit request: the body capped at `maxBytes` (413 beyond), then OpenAI's multipart fields. */
export async function readEditForm(req: Request, maxBytes: number): Promise<EditForm> {
  const form = await parseForm(req, maxBytes);
  const images: FormImage[] = [];
  let mask: FormImage | undefined;
  const body: Record<string, unknown> = {};
  for (const [rawKey, value] of form.entries()) {
    if (IMAGE_KEYS.has(rawKey)) {
      images.push(await picture(rawKey, value));
    } else if (rawKey === "mask") {
      if (mask) throw invalidRequest("mask was sent more than once; send one mask (for the first image)", "mask", "invalid_mask");
      mask = await picture("mask", value);
    } else if (typeof value !== "string") {
      throw invalidRequest(`${rawKey} is a file, but only image, image[] and mask take files`, rawKey, "unexpected_file");
    } else if (rawKey.endsWith("[]") && LISTS.has(rawKey.slice(0, -2))) {
      const key = rawKey.slice(0, -2);
      body[key] = [...((body[key] as string[] | undefined) ?? []), value];
    } else {
      body[rawKey] = typed(rawKey, value);
    }
  }
  checkJsonValue(body);
  return { images, ...(mask ? { mask } : {}), body };
}

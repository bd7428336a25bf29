import type { z } from "zod";
import { ProviderError } from "../errors";
import { decodeResponseBody } from "./json-body.mjs";
import { answerCap } from "./json-fetch";
import { networkError, type FetchFn, type JsonResponse } from "./http";
import { parseJsonResponse, type JsonCallErrors, type JsonResult } from "./json-call";

export interface FormCall<T> {
  provider: string;
  url: string;
  headers: Record<string, string>;
  form: FormData;
  signal: AbortSignal;
  fetch?: FetchFn;
  schema: z.ZodType<T>;
  errors: JsonCallErrors;
  what?: string;
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
 * POST a multipart/form-data body (uploads: OpenAI's images/edits, Replicate's files) and return the
 * validated JSON answer. The JSON request thread carries text bodies only, so these calls run here; their
 * answers are parsed and classified exactly like JSON calls'.
 */
export async function postForm<T>(call: FormCall<T>): Promise<JsonResult<T>> {
  let answer: JsonResponse;
  try {
    const response = await (call.fetch ?? fetch)(call.url, { method: "POST", headers: { accept: "application/json", ...call.headers }, body: call.form, signal: call.signal });
    answer = { status: response.status, headers: response.headers, ...decodeResponseBody(await readCapped(response, call.provider), response.status) };
  } catch (error) {
    throw networkError(call.provider, error, call.signal);
  }
  return { data: parseJsonResponse({ provider: call.provider, schema: call.schema, errors: call.errors, what: call.what }, answer), response: answer };
}

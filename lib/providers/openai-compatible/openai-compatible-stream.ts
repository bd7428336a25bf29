import { createParser } from "eventsource-parser";
import { z } from "zod";
import { ProviderError } from "../errors";
import { decodeResponseBody } from "../shared/json-body.mjs";
import { answerCap } from "../shared/json-fetch";
import { networkError, type JsonResponse } from "../shared/http";
import { parseJsonResponse, type JsonResult } from "../shared/json-call";
import type { PartialImage } from "../types";
import { editForm, type EditCall } from "./openai-compatible-edit";
import { imagesResponseSchema, usageSchema, type ImagesResponse } from "./openai-compatible-schemas";

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

// One streamed event: image_generation.* or image_edit.* (partial_image, completed), or error.
const eventSchema = z.looseObject({
  type: z.string(),
  b64_json: optional(z.string()),
  partial_image_index: optional(z.number()),
  size: optional(z.string()),
  quality: optional(z.string()),
  background: optional(z.string()),
  output_format: optional(z.string()),
  usage: optional(usageSchema),
  error: optional(z.looseObject({ message: optional(z.string()), type: optional(z.string()), code: optional(z.union([z.string(), z.number()])) })),
});
type StreamEvent = z.infer<typeof eventSchema>;

type Partials = NonNullable<EditCall["edit"]["partials"]>;
/** A streamed call: a generation's or an edit's, whatever its body. */
type StreamCall = Omit<EditCall, "edit" | "body">;

/** Folds the completed events into the Images API response the non-streamed path reads. */
function collector(call: StreamCall, partials: Partials) {
  const data: { b64_json: string }[] = [];
  let last: StreamEvent | undefined;
  const usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0, image_tokens: 0, seen: false };
  const onEvent = (event: StreamEvent, headers: Headers) => {
    if (event.type === "error" || event.error) {
      const json = { error: event.error ?? { message: "the stream reported an error" } };
      // An error event is the upstream's refusal or failure mid-stream: classified like that answer's body.
      throw call.errors.http({ status: /user_error|invalid_request/.test(event.error?.type ?? "") ? 400 : 500, headers, json, text: JSON.stringify(json) });
    }
    if (event.type.endsWith(".partial_image") && event.b64_json) {
      const image: PartialImage = { b64Json: event.b64_json, index: event.partial_image_index ?? 0, size: event.size, quality: event.quality, background: event.background, outputFormat: event.output_format };
      partials.onPartial(image);
    } else if (event.type.endsWith(".completed") && event.b64_json) {
      data.push({ b64_json: event.b64_json });
      last = event;
      if (event.usage) {
        usage.seen = true;
        usage.input_tokens += event.usage.input_tokens ?? 0;
        usage.output_tokens += event.usage.output_tokens ?? 0;
        usage.total_tokens += event.usage.total_tokens ?? 0;
        usage.image_tokens += event.usage.input_tokens_details?.image_tokens ?? 0;
      }
    }
  };
  const result = (): ImagesResponse => imagesResponseSchema.parse({
    created: Math.floor(Date.now() / 1000),
    data,
    size: last?.size,
    quality: last?.quality,
    background: last?.background,
    output_format: last?.output_format,
    ...(usage.seen ? { usage: { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, total_tokens: usage.total_tokens, input_tokens_details: { image_tokens: usage.image_tokens } } } : {}),
  });
  return { onEvent, result };
}

/** Reads the event stream, each event as it arrives, under the JSON answer cap. */
async function readEvents(response: Response, call: StreamCall, onEvent: (event: StreamEvent) => void): Promise<void> {
  const cap = answerCap();
  let size = 0;
  let failure: unknown;
  const parser = createParser({
    onEvent: ({ data }) => {
      if (failure !== undefined || data === "[DONE]") return;
      try {
        const parsed = eventSchema.safeParse(JSON.parse(data));
        if (parsed.success) onEvent(parsed.data);
      } catch (error) {
        failure = error instanceof ProviderError ? error : new ProviderError({ provider: call.provider, kind: "upstream", message: `${call.provider} streamed an event that is not JSON` });
      }
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > cap) throw new ProviderError({ provider: call.provider, kind: "upstream", retryable: false, message: `${call.provider} streamed more than ${cap} bytes` });
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (failure !== undefined) throw failure;
  }
}

/**
 * images/edits with `stream=true` and `partial_images`: OpenAI's drafts are handed on as they arrive, and the
 * completed images end the call like a non-streamed answer. A server that answers JSON anyway is read as JSON.
 */
export function postImagesEditStream(call: EditCall, partials: Partials): Promise<JsonResult<ImagesResponse>> {
  const { body, edit, ...rest } = call;
  const form = editForm(body, edit);
  form.append("stream", "true");
  form.append("partial_images", String(partials.count));
  return postImagesStream(rest, partials, form);
}

/** images/generations with `stream: true` and `partial_images`, read like a streamed edit. */
export function postImagesGenerationStream(call: StreamCall & { body: Record<string, unknown> }, partials: Partials): Promise<JsonResult<ImagesResponse>> {
  const { body, ...rest } = call;
  const json = JSON.stringify({ ...body, stream: true, partial_images: partials.count });
  return postImagesStream({ ...rest, headers: { "content-type": "application/json", ...rest.headers } }, partials, json);
}

async function postImagesStream(call: StreamCall, partials: Partials, body: FormData | string): Promise<JsonResult<ImagesResponse>> {
  let response: Response;
  try {
    response = await (call.fetch ?? fetch)(call.url, { method: "POST", headers: { accept: "text/event-stream", ...call.headers }, body, signal: call.signal });
  } catch (error) {
    throw networkError(call.provider, error, call.signal);
  }
  const streamed = response.ok && (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
  const answer: JsonResponse = { status: response.status, headers: response.headers, json: undefined, text: "" };
  if (!streamed) {
    const decoded = decodeResponseBody(Buffer.from(await response.arrayBuffer()), response.status);
    const full = { ...answer, ...decoded };
    return { data: parseJsonResponse({ provider: call.provider, schema: imagesResponseSchema, errors: call.errors }, full), response: full };
  }
  const { onEvent, result } = collector(call, partials);
  try {
    await readEvents(response, call, (event) => onEvent(event, response.headers));
  } catch (error) {
    throw error instanceof ProviderError ? error : networkError(call.provider, error, call.signal);
  }
  return { data: result(), response: answer };
}

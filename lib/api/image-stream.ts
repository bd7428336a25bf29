import "server-only";
import type { Generation } from "@/lib/generation/generation";
import { asApiError } from "./errors";
import { imagesBody } from "./images-body";

/** Request fields that choose the stream shape; the generation itself never sees them. */
const STREAM_FIELDS = ["stream", "partial_images"];

export const wantsStream = (body: unknown): boolean =>
  typeof body === "object" && body !== null && (body as Record<string, unknown>).stream === true;

/** The body a streamed request generates with: base64 images (events carry them), stream fields removed. */
export function streamedBody(body: unknown): Record<string, unknown> {
  const fields = Object.entries(body as Record<string, unknown>).filter(([key]) => !STREAM_FIELDS.includes(key));
  return { ...Object.fromEntries(fields), response_format: "b64_json" };
}

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** OpenAI's `image_generation.completed` event for each image of a generation. */
function completedEvents(g: Generation): string[] {
  const body = imagesBody(g);
  return body.data.map((image) =>
    sse("image_generation.completed", {
      type: "image_generation.completed",
      b64_json: image.b64_json,
      created_at: body.created,
      size: body.size,
      output_format: body.output_format,
      ...(body.usage ? { usage: body.usage } : {}),
    }),
  );
}

/** An OpenAI-shaped `error` event: what a failure after the stream opened becomes. */
function errorEvent(error: unknown): string {
  const known = asApiError(error);
  const payload = known ? known.toBody().error : { message: "The generation failed", type: "server_error", param: null, code: null };
  return sse("error", { type: "error", error: payload });
}

/** `text/event-stream` answer of `stream: true`: the generation runs while the stream is open. */
export function imageStream(run: () => Promise<Generation>, headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for (const event of completedEvents(await run())) controller.enqueue(encoder.encode(event));
      } catch (error) {
        controller.enqueue(encoder.encode(errorEvent(error)));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache", ...headers } });
}

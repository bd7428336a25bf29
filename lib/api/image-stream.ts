import "server-only";
import type { Generation } from "@/lib/generation/generation";
import type { StoredImage } from "@/lib/services/store-images";
import { withStoredImageSink } from "@/lib/services/stream-generation";
import { asApiError } from "./errors";

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

/** Generations stream `image_generation.*` events, edits `image_edit.*` (OpenAI's names). */
export type StreamKind = "image_generation" | "image_edit";

/** OpenAI's `<kind>.completed` event of one stored image. */
const completedEvent = (image: StoredImage, createdAt: number, kind: StreamKind) =>
  sse(`${kind}.completed`, {
    type: `${kind}.completed`,
    b64_json: image.base64 ?? image.data.toString("base64"),
    created_at: createdAt,
    size: `${image.width}x${image.height}`,
    output_format: image.format,
  });

const replayedEvent = (image: Generation["images"][number], createdAt: number, kind: StreamKind) =>
  sse(`${kind}.completed`, {
    type: `${kind}.completed`,
    b64_json: image.base64,
    created_at: createdAt,
    size: `${image.width}x${image.height}`,
    output_format: image.format,
  });

/** An OpenAI-shaped `error` event: what a failure after the stream opened becomes. */
function errorEvent(error: unknown): string {
  const known = asApiError(error);
  const payload = known ? known.toBody().error : { message: "The generation failed", type: "server_error", param: null, code: null };
  return sse("error", { type: "error", error: payload });
}

/**
 * `text/event-stream` answer of `stream: true`: the generation runs while the stream is open and each
 * image is sent the moment it is stored, so the first of an emulated n does not wait for the slowest.
 */
export function imageStream(run: () => Promise<Generation>, headers: Record<string, string> = {}, kind: StreamKind = "image_generation"): Response {
  const encoder = new TextEncoder();
  const createdAt = Math.floor(Date.now() / 1000);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string) => controller.enqueue(encoder.encode(event));
      try {
        let sent = 0;
        const generation = await withStoredImageSink((image) => {
          sent++;
          send(completedEvent(image, createdAt, kind));
        }, run);
        // An idempotent replay stores nothing anew: its recorded images are sent instead.
        if (sent === 0) for (const image of generation.images) send(replayedEvent(image, createdAt, kind));
      } catch (error) {
        send(errorEvent(error));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache", ...headers } });
}

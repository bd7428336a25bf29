import "server-only";
import type { Generation } from "@/lib/generation/generation";
import { storedBase64, type StoredImage } from "@/lib/services/store-images";
import { withStoredImageSink } from "@/lib/services/stream-generation";
import type { PartialImage } from "@/lib/providers/types";
import { asApiError, invalidRequest } from "./errors";

/** Request fields that choose the stream shape; the generation itself never sees them. */
const STREAM_FIELDS = ["stream", "partial_images"];

export const wantsStream = (body: unknown): boolean =>
  typeof body === "object" && body !== null && (body as Record<string, unknown>).stream === true;

/** `partial_images` of a streamed request: 0–3 drafts per image, 0 when absent (a 400 for anything else). */
export function partialImagesOf(body: unknown): number {
  const value = typeof body === "object" && body !== null ? (body as Record<string, unknown>).partial_images : undefined;
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 3) {
    throw invalidRequest("partial_images must be an integer from 0 to 3", "partial_images", "invalid_value");
  }
  return value;
}

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
    b64_json: storedBase64(image),
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

/** OpenAI's `<kind>.partial_image` event: a draft a provider streamed (partial_images). */
const partialEvent = (image: PartialImage, createdAt: number, kind: StreamKind) =>
  sse(`${kind}.partial_image`, {
    type: `${kind}.partial_image`,
    b64_json: image.b64Json,
    partial_image_index: image.index,
    created_at: createdAt,
    ...(image.size ? { size: image.size } : {}),
    ...(image.quality ? { quality: image.quality } : {}),
    ...(image.background ? { background: image.background } : {}),
    ...(image.outputFormat ? { output_format: image.outputFormat } : {}),
  });

/** What a streamed run may send besides its stored images. */
export interface StreamChannel {
  partial(image: PartialImage): void;
}

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
export function imageStream(run: (channel: StreamChannel) => Promise<Generation>, headers: Record<string, string> = {}, kind: StreamKind = "image_generation"): Response {
  const encoder = new TextEncoder();
  const createdAt = Math.floor(Date.now() / 1000);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string) => controller.enqueue(encoder.encode(event));
      const channel: StreamChannel = {
        partial: (image) => {
          try {
            send(partialEvent(image, createdAt, kind));
          } catch {
            // A client that hung up closed the stream; its drafts are dropped, the edit goes on.
          }
        },
      };
      try {
        let sent = 0;
        const generation = await withStoredImageSink((image) => {
          sent++;
          send(completedEvent(image, createdAt, kind));
        }, () => run(channel));
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

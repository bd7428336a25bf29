import { randomBytes } from "node:crypto";
import { Base64Text } from "@/lib/images/base64-text";

interface WithImages {
  data?: { b64_json?: Base64Text | string }[];
}

const bytesOf = (image: Base64Text | string): Uint8Array => (typeof image === "string" ? Base64Text.of(image).bytes : image.bytes);

/**
 * Response.json for an Images API body. JSON.stringify would turn each multi-megabyte b64_json into a
 * string and scan every character of it for escapes; base64 never needs escaping, so those are
 * stringified as unguessable markers and their bytes sent in place of them, as they are. The body is a
 * stream of those pieces: a single buffer would be one more copy of every image, and undici copies a
 * buffer body once more.
 */
export function imagesJson(body: object, init: ResponseInit = {}): Response {
  const data = (body as WithImages).data ?? [];
  const images = data.flatMap((entry) => (entry.b64_json === undefined ? [] : [bytesOf(entry.b64_json)]));
  if (images.length === 0) return Response.json(body, init);
  const nonce = randomBytes(12).toString("hex");
  let next = 0;
  const marked = { ...body, data: data.map((entry) => (entry.b64_json === undefined ? entry : { ...entry, b64_json: `${nonce}:${next++}` })) };
  const text = JSON.stringify(marked);
  const pieces: Uint8Array[] = [];
  let from = 0;
  images.forEach((image, i) => {
    const marker = `"${nonce}:${i}"`;
    const at = text.indexOf(marker, from);
    pieces.push(Buffer.from(`${text.slice(from, at)}"`), image, Buffer.from('"'));
    from = at + marker.length;
  });
  pieces.push(Buffer.from(text.slice(from)));
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  // Base64 of an image gzips by a quarter at ~15 ms of CPU per megabyte: not worth a gateway's event loop
  // (Next.js compresses JSON for any client that accepts gzip, as fetch-based SDKs do, unless told not to).
  headers.set("cache-control", "no-store, no-transform");
  headers.set("content-length", String(pieces.reduce((sum, piece) => sum + piece.byteLength, 0)));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  return new Response(stream, { ...init, headers });
}

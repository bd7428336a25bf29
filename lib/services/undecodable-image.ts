import "server-only";
import { GatewayError } from "@/lib/generation/errors";

/**
 * A stored image the decoder refused while making its thumbnail or another format of it. A PNG passes
 * its checks by its chunk checksums, which an encoder that wrote damaged image data computed too, so such
 * a file can be stored; its views answer 422 in words, not an internal error.
 */
export function undecodableImage(error: unknown): GatewayError {
  const reason = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : String(error);
  return new GatewayError({ kind: "unprocessable", code: "image_undecodable", message: `The stored image cannot be decoded (${reason})`, cause: error });
}

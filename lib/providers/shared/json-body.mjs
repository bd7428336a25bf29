// Shared by lib/providers/shared/http.ts and the request thread (json-fetch-worker.mjs), which Node loads
// unbundled: hence plain JavaScript, typed by json-body.d.mts.
import { isAscii } from "node:buffer";

/** Once a large body parsed as JSON, its text is only ever quoted in error messages: this much is kept. */
const QUOTED_CHARS = 4096;

/**
 * The JSON and text of a provider's answer. Image APIs answer megabytes of base64, which is ASCII:
 * checking that (SIMD) and copying the bytes as Latin-1 costs a fraction of a UTF-8 decode.
 */
export function decodeResponseBody(bytes, status) {
  const text = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const whole = json === undefined || status >= 400 || text.length <= QUOTED_CHARS;
  return { json, text: whole ? text : text.slice(0, QUOTED_CHARS) };
}

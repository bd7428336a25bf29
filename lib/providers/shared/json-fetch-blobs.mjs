// Runs on the request thread (json-fetch-worker.mjs), which Node loads unbundled: plain JavaScript, typed by
// json-fetch-blobs.d.mts. Image APIs answer one JSON whose every megabyte but a few hundred bytes is base64:
// those strings are found in the raw bytes, decoded and hashed here, and leave the thread as transferred
// buffers, so the gateway's event loop never holds, copies or decodes the text.
import { createHash, randomBytes } from "node:crypto";
import { checkPng, isPng } from "../../images/png-check.mjs";

/** Strings shorter than this stay in the JSON: only images are worth taking out. */
export const BLOB_MIN_CHARS = 32 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DATA_URI = /^data:[^,]{0,100},/;

/** Where the string opened by the quote at `open` closes (the next quote not escaped), or -1. */
function closingQuote(bytes, open) {
  let at = bytes.indexOf(QUOTE, open + 1);
  while (at !== -1) {
    let slashes = 0;
    while (bytes[at - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
    at = bytes.indexOf(QUOTE, at + 1);
  }
  return -1;
}

const MINUS = 0x2d;
const UNDERSCORE = 0x5f;
const EQUALS = 0x3d;
/** Whole base64 quanta per slice: each slice's string stays small, young and cheap to collect. */
const DECODE_CHUNK = 64 * 1024;

/**
 * The bytes the base64 `text` (its ASCII bytes) stands for, only when it is canonical standard base64
 * (length a multiple of 4, padding only at the end, nothing outside the alphabet: Node's decoder would
 * skip such characters, so a shorter result than the length implies gives them away); undefined otherwise.
 * Decoded a slice at a time: the whole text as one string (2+ MB) would land in this thread's large-object
 * space and bring on a full collection every few images.
 */
export function strictBase64(text) {
  const length = text.length;
  if (length % 4 !== 0 || text.indexOf(MINUS) !== -1 || text.indexOf(UNDERSCORE) !== -1) return undefined;
  const padding = length === 0 ? 0 : text[length - 1] !== EQUALS ? 0 : text[length - 2] === EQUALS ? 2 : 1;
  const expected = (length / 4) * 3 - padding;
  // Its own ArrayBuffer, so transferring it to the event loop moves exactly these bytes.
  const bytes = Buffer.allocUnsafeSlow(expected);
  let written = 0;
  for (let from = 0; from < length; from += DECODE_CHUNK) {
    // No slice decodes to more than three quarters of its length, so only a text without a skipped
    // character or early padding reaches the expected total.
    written += bytes.write(text.subarray(from, from + DECODE_CHUNK).toString("latin1"), written, "base64");
  }
  return written === expected ? bytes : undefined;
}

/** The PNG check the router would make (lib/images/verify), made here off the event loop; none for other formats. */
function pngCheck(bytes) {
  if (!isPng(bytes)) return undefined;
  try {
    return checkPng(bytes);
  } catch (error) {
    return { error: error.message };
  }
}

/**
 * Takes every long canonical base64 string out of a JSON body: each becomes a token (`\u0000<nonce>:<i>`,
 * after a data URI's prefix when it had one) in the returned text, and a blob with its decoded bytes, its
 * own base64 as bytes when `keepBase64` (an answer in base64 reuses it), the bytes' SHA-256 and, for a PNG,
 * the result of its structure check (lib/images/png-check.mjs). Strings
 * that are not canonical base64 are left as they are (the adapter decodes them as before). `text` is
 * undefined when nothing was taken out.
 */
export function takeBase64Blobs(bytes, keepBase64 = false) {
  const nonce = randomBytes(12).toString("hex");
  const pieces = [];
  const blobs = [];
  let copied = 0;
  for (let open = bytes.indexOf(QUOTE); open !== -1; ) {
    const close = closingQuote(bytes, open);
    if (close === -1) break;
    if (close - open - 1 >= BLOB_MIN_CHARS) {
      const head = bytes.subarray(open + 1, Math.min(close, open + 129)).toString("latin1");
      const prefix = DATA_URI.exec(head)?.[0] ?? "";
      const start = open + 1 + prefix.length;
      const text = bytes.subarray(start, close);
      const decoded = text.indexOf(BACKSLASH) === -1 ? strictBase64(text) : undefined;
      if (decoded) {
        pieces.push(bytes.subarray(copied, start).toString("utf8"), `\\u0000${nonce}:${blobs.length}`);
        const sha256 = createHash("sha256").update(decoded).digest("hex");
        const check = pngCheck(decoded);
        blobs.push({ bytes: decoded, ...(keepBase64 ? { base64: new Uint8Array(text) } : {}), sha256, ...(check ? { check } : {}) });
        copied = close;
      }
    }
    open = bytes.indexOf(QUOTE, close + 1);
  }
  if (blobs.length === 0) return { blobs };
  pieces.push(bytes.subarray(copied).toString("utf8"));
  return { text: pieces.join(""), nonce, blobs };
}

// Plain JavaScript, typed by png-check.d.mts: the request threads (lib/providers/shared/json-fetch-worker.mjs),
// which Node loads unbundled, check each PNG they decode, and lib/images/verify.ts checks the others.
import { crc32 } from "node:zlib";

// Written by hand: libvips proves a PNG whole only by inflating every row (13–16 ms of CPU for a 1024²
// image, more than the rest of a generation's gateway work), and no maintained library checks a PNG's
// structure without decoding it. The format carries a CRC-32 on every chunk, so checking them all proves
// each byte arrived as the encoder wrote it, in about 1 ms.

/**
 * The largest image the gateway decodes: 4K at the widest catalog ratio is ~17 MP, so 40 MP leaves room
 * while a hostile 16000×16000 PNG (747 KB on the wire, 1 GB of pixels) is refused from its header.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Why bytes are not a usable image, in words an operator can act on. */
export class CorruptImageError extends Error {}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Bit depths the PNG spec allows per colour type (greyscale, RGB, palette, grey+alpha, RGBA).
const DEPTHS = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** @returns {{ width: number, height: number, colorType: number }} */
function readHeader(view, at, length) {
  if (length !== 13) throw new CorruptImageError("the PNG header chunk has the wrong length");
  const width = view.getUint32(at);
  const height = view.getUint32(at + 4);
  const [depth, colorType, compression, filter, interlace] = [8, 9, 10, 11, 12].map((o) => view.getUint8(at + o));
  if (width === 0 || height === 0 || width > 2 ** 31 - 1 || height > 2 ** 31 - 1) throw new CorruptImageError("the PNG has no valid dimensions");
  if (!DEPTHS[colorType]?.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) {
    throw new CorruptImageError("the PNG header names an encoding that does not exist");
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new CorruptImageError(`the image exceeds the pixel limit (${width}×${height}, at most ${MAX_IMAGE_PIXELS / 1e6} MP)`);
  }
  return { width, height, colorType };
}

/** A zlib stream starts with a deflate method byte and a header checksum (RFC 1950). */
function zlibHeaderValid(view, at, length) {
  if (length < 2) return false;
  const cmf = view.getUint8(at);
  return (cmf & 0x0f) === 8 && (cmf * 256 + view.getUint8(at + 1)) % 31 === 0;
}

/**
 * Proves a PNG whole from its structure: the signature, every chunk inside the bytes with a matching
 * CRC-32, a valid header first, a palette where one is required, image data in one run of IDAT chunks
 * starting with a zlib header, and IEND. A truncated or damaged file fails here; its size comes from the
 * header, within the pixel cap.
 */
export function checkPng(bytes) {
  if (!isPng(bytes)) throw new CorruptImageError("not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header;
  let palette = false;
  /** "none", "running" or "ended" */
  let idat = "none";
  for (let at = 8; ; ) {
    if (at + 12 > bytes.byteLength) throw new CorruptImageError("the PNG ends before its IEND chunk (truncated)");
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (length > 2 ** 31 - 1 || end > bytes.byteLength) throw new CorruptImageError("a PNG chunk runs past the end of the file (truncated)");
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw new CorruptImageError("the PNG has a damaged chunk");
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw new CorruptImageError(`the PNG's ${type} chunk fails its checksum (damaged)`);
    }
    if (!header) {
      if (type !== "IHDR") throw new CorruptImageError("the PNG does not start with its header chunk");
      header = readHeader(view, at + 8, length);
    } else if (type === "PLTE") palette = true;
    else if (type === "IDAT") {
      if (idat === "ended") throw new CorruptImageError("the PNG's image data is split by another chunk");
      if (idat === "none" && !zlibHeaderValid(view, at + 8, length)) throw new CorruptImageError("the PNG's image data is not a zlib stream");
      idat = "running";
    } else if (type === "IEND") {
      if (idat === "none") throw new CorruptImageError("the PNG has no image data");
      if (header.colorType === 3 && !palette) throw new CorruptImageError("the palette PNG has no palette");
      return { width: header.width, height: header.height };
    } else if (idat === "running") idat = "ended";
    at = end;
  }
}

/** Whether bytes start with the PNG signature. */
export const isPng = (bytes) => bytes.byteLength >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);

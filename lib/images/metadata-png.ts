import extract, { type PngChunk } from "png-chunks-extract";
import encode from "png-chunks-encode";
import * as text from "png-chunk-text";

// Browser-safe: no Buffer, only Uint8Array and TextEncoder/TextDecoder.
const utf8 = new TextEncoder();

/** An iTXt chunk (UTF-8, uncompressed): keyword NUL, flag 0, method 0, empty language NUL, empty translation NUL, text. */
function iTXt(keyword: string, content: string): PngChunk {
  const key = utf8.encode(keyword);
  const body = utf8.encode(content);
  const data = new Uint8Array(key.length + 5 + body.length);
  data.set(key, 0);
  data.set(body, key.length + 5);
  return { name: "iTXt", data };
}

function decodeITXt(data: Uint8Array): { keyword: string; text: string } | null {
  const end = data.indexOf(0);
  if (end < 0 || data[end + 1] !== 0) return null; // compressed iTXt: not written by Darkroom or A1111
  const language = data.indexOf(0, end + 3);
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
  if (translated < 0) return null;
  const decoder = new TextDecoder();
  return { keyword: decoder.decode(data.subarray(0, end)), text: decoder.decode(data.subarray(translated + 1)) };
}

const latin1 = (s: string) => /^[\x00-\xff]*$/.test(s);

/** The PNG with these text entries added before IEND: tEXt when Latin-1 (as A1111 writes), iTXt otherwise. */
export function writePngText(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  const chunks = extract(png).filter((c) => !(c.name === "tEXt" || c.name === "iTXt") || !(readChunkKeyword(c) in entries));
  const added = Object.entries(entries).map(([k, v]) => (latin1(v) ? text.encode(k, v) : iTXt(k, v)));
  chunks.splice(chunks.length - 1, 0, ...added);
  return encode(chunks);
}

function readChunkKeyword(chunk: PngChunk): string {
  const end = chunk.data.indexOf(0);
  return new TextDecoder("latin1").decode(chunk.data.subarray(0, end < 0 ? 0 : end));
}

/** Every tEXt and iTXt entry of a PNG, keyword to text. */
export function readPngText(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const chunk of extract(png)) {
    const entry = chunk.name === "tEXt" ? text.decode(chunk.data) : chunk.name === "iTXt" ? decodeITXt(chunk.data) : null;
    if (entry) out[entry.keyword] = entry.text;
  }
  return out;
}

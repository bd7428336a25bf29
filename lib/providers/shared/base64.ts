export interface DecodedBase64 {
  bytes: Buffer;
  /** The text itself when it is canonical standard base64 of `bytes`: a b64_json answer reuses it. */
  base64?: string;
}

/**
 * Decodes a provider's base64 image. Node's decoder skips characters outside the alphabet and accepts
 * the URL-safe one, so the text is only kept for reuse when it decoded to exactly the length its size
 * implies (nothing skipped) and holds no URL-safe characters.
 */
export function decodeBase64(text: string): DecodedBase64 {
  const bytes = Buffer.from(text, "base64");
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const canonical = text.length % 4 === 0 && bytes.length === (text.length / 4) * 3 - padding && !text.includes("-") && !text.includes("_");
  return canonical ? { bytes, base64: text } : { bytes };
}

export interface Base64Entry extends DecodedBase64 {
  /** The data URI's media type when the entry carried one, else `fallbackMediaType`. */
  mediaType: string;
}

/** A b64_json-style entry: plain base64 or, as some servers send it, a `data:<type>;base64,` URI. */
export function decodeBase64Entry(value: string, fallbackMediaType: string): Base64Entry {
  const dataUri = /^data:([^;,]+)?(?:;[^,]*)?,/.exec(value);
  const decoded = decodeBase64(dataUri ? value.slice(dataUri[0].length) : value);
  return { ...decoded, mediaType: dataUri?.[1] ?? fallbackMediaType };
}

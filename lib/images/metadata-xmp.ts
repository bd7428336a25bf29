import type { ImageSettings } from "./metadata-infotext";

// One XMP packet for JPEG, WebP and AVIF: dc:description holds the prompt (what photo tools show), and the
// Darkroom namespace every setting plus the A1111 infotext. Browser-safe (regex reading, no DOM parser needed).
export const DARKROOM_XMP_NS = "https://darkroom.invalid/ns/1.0/";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&");

export function xmpPacket(s: ImageSettings, infotext: string): string {
  const fields: [string, string | number | undefined][] = [
    ["prompt", s.prompt],
    ["negativePrompt", s.negativePrompt],
    ["seed", s.seed],
    ["size", s.size],
    ["model", s.model],
    ["provider", s.provider],
    ["generationId", s.generationId],
    ["parameters", infotext],
  ];
  const body = fields
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `<darkroom:${k}>${escape(String(v))}</darkroom:${k}>`)
    .join("");
  return (
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:darkroom="${DARKROOM_XMP_NS}">` +
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escape(s.prompt)}</rdf:li></rdf:Alt></dc:description>${body}` +
    `</rdf:Description></rdf:RDF></x:xmpmeta>`
  );
}

/** The Darkroom fields of the first XMP packet found in the file's bytes, or null. */
export function readXmp(bytes: Uint8Array): ImageSettings | null {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const start = text.indexOf("<x:xmpmeta");
  const end = text.indexOf("</x:xmpmeta>", start);
  if (start < 0 || end < 0) return null;
  const packet = text.slice(start, end);
  const field = (name: string) => {
    const m = new RegExp(`<darkroom:${name}>([\\s\\S]*?)</darkroom:${name}>`).exec(packet);
    return m ? unescape(m[1]!) : undefined;
  };
  const prompt = field("prompt");
  if (prompt === undefined) return null;
  const seed = field("seed");
  return {
    prompt,
    negativePrompt: field("negativePrompt"),
    seed: seed === undefined ? undefined : Number(seed),
    size: field("size"),
    model: field("model"),
    provider: field("provider"),
    generationId: field("generationId"),
  };
}

import type { IncomingMessage } from "node:http";

export interface ReceivedFile {
  field: string;
  name: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data request as a fake receives it: text fields (numbers still text) and files. */
export async function readMultipart(req: IncomingMessage): Promise<{ fields: Record<string, string>; files: ReceivedFile[] } | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return undefined;
  const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData();
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") fields[field] = value;
    else files.push({ field, name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return { fields, files };
}

/** The image format of bytes, as the real APIs sniff it. */
export function sniff(bytes: Buffer): "png" | "jpeg" | "webp" | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "webp";
  return undefined;
}

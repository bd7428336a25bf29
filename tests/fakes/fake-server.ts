/** The plumbing every fake upstream shares: a server on a free local port, JSON in and out, solid test images. */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

export type Rgb = { r: number; g: number; b: number };

export interface FakeServer {
  server: Server;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 at a free port. */
export async function listen(handler: RequestListener): Promise<FakeServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The whole request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A body parsed as JSON: undefined when empty, the raw text when it is not JSON. */
export function jsonOrRaw(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return raw;
  }
}

/** Answers `body` as JSON (a string is sent as it is); `headers` add to or override the content type. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : (JSON.stringify(body) ?? "");
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Answers 200 with the file's bytes. */
export function sendFile(res: ServerResponse, bytes: Buffer, contentType: string): void {
  res.writeHead(200, { "content-type": contentType, "content-length": String(bytes.byteLength) });
  res.end(bytes);
}

/** A solid-colour image of exactly width×height: JPEG for "jpeg"/"jpg", WebP for "webp", PNG otherwise. */
export function solidImage(width: number, height: number, format: string, background: Rgb, quality?: number): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background } });
  if (format === "jpeg" || format === "jpg") return image.jpeg({ quality }).toBuffer();
  if (format === "webp") return image.webp({ quality }).toBuffer();
  return image.png().toBuffer();
}

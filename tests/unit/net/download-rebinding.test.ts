import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { downloadImage } from "@/lib/providers/shared/download-image";

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((_req, res) => res.end("internal"));
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

it("refuses a provider URL whose name answered public at check time but loopback at connect (DNS rebinding)", async () => {
  const download = downloadImage(`https://localhost:${port}/image.png`, {
    provider: "fal",
    trustedBaseUrls: [],
    maxBytes: 1024,
    signal: AbortSignal.timeout(5000),
    // The first resolution (the pre-check) is public; the socket's own lookup then sees 127.0.0.1.
    resolve: async () => ["93.184.216.34"],
  });
  await expect(download).rejects.toThrow();
  expect(connections).toBe(0);
});

it("still downloads from the provider's own configured host on a private address", async () => {
  const { bytes } = await downloadImage(`http://127.0.0.1:${port}/image.png`, {
    provider: "fal",
    trustedBaseUrls: [`http://127.0.0.1:${port}`],
    maxBytes: 1024,
    signal: AbortSignal.timeout(5000),
  });
  expect(Buffer.from(bytes).toString()).toBe("internal");
});

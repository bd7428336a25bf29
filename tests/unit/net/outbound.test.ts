import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockedAddressError, fetchFailureReason, outboundInit, publicOnlyLookup } from "@/lib/net/outbound";

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => res.end("reached"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

async function attempt(url: string, allowPrivate = false): Promise<string> {
  try {
    return await (await fetch(url, outboundInit({}, { allowPrivate }))).text();
  } catch (error) {
    return `refused: ${fetchFailureReason(error)}`;
  }
}

describe("the public-only dispatcher", () => {
  it.each(["127.0.0.1", "127.1", "0x7f000001", "2130706433", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "localhost", "localhost."])(
    "refuses http://%s at connect time",
    async (host) => {
      const result = await attempt(`http://${host}:${port}/`);
      // `localhost.` may not resolve at all here; either way nothing is reached.
      expect(result).toMatch(host === "localhost." ? /^refused: / : /^refused: .*not a public address/);
    },
  );

  it("connects to a private receiver only when private targets are allowed", async () => {
    expect(await attempt(`http://127.0.0.1:${port}/`, true)).toBe("reached");
  });

  it("follows a redirect only through the filter", async () => {
    const redirector = createServer((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/` }).end());
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
    const rport = (redirector.address() as { port: number }).port;
    expect(await attempt(`http://127.0.0.1:${rport}/`)).toMatch(/^refused/);
    redirector.close();
  });
});

describe("publicOnlyLookup", () => {
  it("refuses a name resolving to loopback (the DNS rebinding case: checked at connect)", async () => {
    const error = await new Promise<Error | null>((resolve) => publicOnlyLookup("localhost", {}, (e) => resolve(e)));
    expect(error).toBeInstanceOf(BlockedAddressError);
  });
});

describe("outboundFetch", () => {
  it("refuses loopback and reaches it only when private targets are allowed", async () => {
    const { outboundFetch } = await import("@/lib/net/outbound");
    await expect(outboundFetch(`http://127.1:${port}/`, {}, { allowPrivate: false })).rejects.toThrow();
    expect(await (await outboundFetch(`http://127.0.0.1:${port}/`, {}, { allowPrivate: true })).text()).toBe("reached");
  });
});

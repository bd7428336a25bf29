import { createHash } from "node:crypto";
import sharp from "sharp";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBase64, decodeBase64Entry, knownSha256, providerBase64 } from "@/lib/providers/shared/base64";
import { takeBlob } from "@/lib/providers/shared/json-fetch-blob-store";
import fc from "fast-check";
import { strictBase64, takeBase64Blobs } from "@/lib/providers/shared/json-fetch-blobs.mjs";
import { fetchJsonOffThread } from "@/lib/providers/shared/json-fetch";
import { withBase64Answer } from "@/lib/providers/shared/base64-answer";
import { knownCheck } from "@/lib/images/checked-elsewhere";
import { verifyImage } from "@/lib/images/verify";

// Random bytes: their base64 uses the whole alphabet, '+' and '/' included.
const image = Buffer.from(Array.from({ length: 300_001 }, (_, i) => (i * 2654435761) >>> 24));
const b64 = image.toString("base64");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const answer = (value: string) => Buffer.from(JSON.stringify({ created: 1, data: [{ b64_json: value, revised_prompt: "un phare, éclairé" }], usage: { output_tokens: 272 } }));

describe("strictBase64", () => {
  it("decodes exactly the canonical base64 of any bytes, across its slice boundaries, and refuses anything else", () => {
    const lengths = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 49_140, max: 49_160 }), fc.integer({ min: 98_290, max: 98_310 }));
    const damage = fc.constantFrom("none", "space", "urlsafe", "early padding", "stray byte", "short");
    fc.assert(
      fc.property(lengths, fc.nat(255), damage, fc.nat(), (length, seed, kind, where) => {
        const data = Buffer.from(Array.from({ length }, (_, i) => (i * 131 + seed) % 256));
        const text = Buffer.from(data.toString("base64"), "latin1");
        if (kind === "none") return void expect(strictBase64(text)?.equals(data)).toBe(true);
        if (text.length < 8) return;
        const at = where % (text.length - 4);
        const bad = Buffer.from(text);
        if (kind === "space") bad[at] = 0x20;
        if (kind === "urlsafe") bad[at] = 0x2d;
        if (kind === "early padding") bad[at] = 0x3d;
        if (kind === "stray byte") bad[at] = 0xe9;
        expect(strictBase64(kind === "short" ? text.subarray(0, text.length - 1) : bad)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});

describe("takeBase64Blobs (the request thread's side)", () => {
  it("takes the image out of the bytes: decoded and hashed as a main-thread decode would, the rest of the JSON intact", () => {
    const { text, blobs } = takeBase64Blobs(answer(b64), true);
    expect(blobs).toHaveLength(1);
    expect(Buffer.from(blobs[0]!.bytes).equals(Buffer.from(b64, "base64"))).toBe(true);
    expect(blobs[0]!.sha256).toBe(sha256(Buffer.from(b64, "base64")));
    expect(Buffer.from(blobs[0]!.base64!).toString("latin1")).toBe(b64);
    // Without keepBase64 (a url answer) the 4/3-size text is not copied out at all.
    expect(takeBase64Blobs(answer(b64)).blobs[0]!.base64).toBeUndefined();
    // Whole ArrayBuffers, so a transfer moves just these bytes.
    expect(blobs[0]!.bytes.buffer.byteLength).toBe(image.length);
    const json = JSON.parse(text!);
    expect(json.data[0].b64_json).toMatch(/^\u0000[0-9a-f]{24}:0$/);
    expect(json.data[0].revised_prompt).toBe("un phare, éclairé");
    expect(text!.length).toBeLessThan(300);
  });

  it("keeps a data URI's prefix in the JSON and takes only its base64", () => {
    const { text, blobs } = takeBase64Blobs(answer(`data:image/png;base64,${b64}`));
    expect(JSON.parse(text!).data[0].b64_json).toMatch(/^data:image\/png;base64,\u0000[0-9a-f]{24}:0$/);
    expect(blobs[0]!.sha256).toBe(sha256(image));
  });

  it.each([
    ["a character outside the alphabet", `${b64.slice(0, 1000)}*${b64.slice(1001)}`],
    ["a length that is not a multiple of 4", b64.slice(0, -1)],
    ["the URL-safe alphabet", image.toString("base64url")],
    ["an escaped slash", b64.replaceAll("/", "\\/")],
    ["padding in the middle", `${b64.slice(0, 1000)}==${b64.slice(1002)}`],
  ])("rejects invalid or non-canonical base64 (%s): it stays a string in the JSON", (_name, value) => {
    const body = Buffer.from(answer(value).toString("latin1").replace(JSON.stringify(value.replaceAll("\\/", "/")), `"${value}"`), "latin1");
    const { text, blobs } = takeBase64Blobs(body);
    expect(blobs).toHaveLength(0);
    expect(text).toBeUndefined();
  });
});

describe("fetchJsonOffThread hands the image over as a transferred buffer", () => {
  let server: Server;
  let body: Buffer;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/images/generations`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = async (value: string, base64Answer = true) => {
    body = answer(value);
    const fetchIt = () => fetchJsonOffThread({ url, method: "POST", headers: {}, body: "{}", maxBytes: 10_000_000 }, new AbortController().signal);
    const response = await withBase64Answer(base64Answer, fetchIt);
    return (response.json as { data: { b64_json: string; revised_prompt: string }[] }).data[0]!;
  };

  it("gives the adapter bytes, base64 and SHA-256 equal to a main-thread decode", async () => {
    const entry = await call(b64);
    expect(entry.b64_json.length).toBeLessThan(64);
    expect(entry.revised_prompt).toBe("un phare, éclairé");
    const decoded = decodeBase64Entry(entry.b64_json, "image/png");
    expect(decoded.bytes.equals(Buffer.from(b64, "base64"))).toBe(true);
    expect(providerBase64(decoded.bytes)?.toString()).toBe(b64);
    expect(knownSha256(decoded.bytes)).toBe(sha256(Buffer.from(b64, "base64")));
    // Taken once: the token names nothing any more.
    expect(takeBlob(entry.b64_json)).toBeUndefined();
  });

  it("keeps no base64 for a generation that answers with a url: the bytes and their hash only", async () => {
    const decoded = decodeBase64Entry((await call(b64, false)).b64_json, "image/png");
    expect(decoded.bytes.equals(image)).toBe(true);
    expect(knownSha256(decoded.bytes)).toBe(sha256(image));
    expect(providerBase64(decoded.bytes)).toBeUndefined();
  });

  it("checks a PNG's structure on the request thread; the router's verification takes that result", async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#123456" } }).png({ compressionLevel: 0 }).toBuffer();
    const whole = decodeBase64Entry((await call(png.toString("base64"), false)).b64_json, "image/png").bytes;
    expect(knownCheck(whole)).toEqual({ width: 300, height: 200 });
    await expect(verifyImage(whole)).resolves.toEqual({ width: 300, height: 200 });
    const cut = decodeBase64Entry((await call(png.subarray(0, png.length - 20).toString("base64"), false)).b64_json, "image/png").bytes;
    expect(knownCheck(cut)).toEqual({ error: expect.stringMatching(/truncated/) });
    await expect(verifyImage(cut)).rejects.toThrow(/truncated/);
  });

  it("passes invalid base64 through as text: decoded on the main thread, never reused or pre-hashed", async () => {
    const bad = `${b64.slice(0, 1000)}*${b64.slice(1001)}`;
    const entry = await call(bad);
    expect(entry.b64_json).toBe(bad);
    const decoded = decodeBase64(entry.b64_json);
    expect(providerBase64(decoded.bytes)).toBeUndefined();
    expect(knownSha256(decoded.bytes)).toBeUndefined();
  });

  it("ignores a token that no answer of this process issued", () => {
    expect(takeBlob(`\u0000${"ab".repeat(12)}:0`)).toBeUndefined();
    expect(providerBase64(decodeBase64(`\u0000${"ab".repeat(12)}:0`).bytes)).toBeUndefined();
  });
});

describe("a data URI in a url field", () => {
  it("downloads to the bytes the request thread decoded", async () => {
    const { downloadImage } = await import("@/lib/providers/shared/download-image");
    const { text, nonce, blobs } = takeBase64Blobs(Buffer.from(JSON.stringify({ data: [{ url: `data:image/png;base64,${b64}` }] })));
    const { holdBlobs } = await import("@/lib/providers/shared/json-fetch-blob-store");
    holdBlobs(nonce!, blobs);
    const url = (JSON.parse(text!) as { data: { url: string }[] }).data[0]!.url;
    const downloaded = await downloadImage(url, { provider: "test", trustedBaseUrls: [], maxBytes: 10_000_000, signal: new AbortController().signal });
    expect(Buffer.from(downloaded.bytes).equals(image)).toBe(true);
    expect(downloaded.mediaType).toBe("image/png");
  });
});

import { describe, expect, it } from "vitest";
import { base64Of, decodeBase64, decodeBase64Entry, providerBase64 } from "@/lib/providers/shared/base64";

const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) % 256));

describe("decodeBase64", () => {
  it("keeps canonical base64 for reuse, with or without padding", () => {
    for (const length of [999, 1000, 998]) {
      const text = bytes.subarray(0, length).toString("base64");
      const decoded = decodeBase64(text);
      expect(decoded.bytes.equals(bytes.subarray(0, length))).toBe(true);
      expect(providerBase64(decoded.bytes)?.toString()).toBe(text);
      expect(base64Of(decoded.bytes).toString()).toBe(text);
    }
  });

  it("decodes but never reuses base64 with line breaks or the URL-safe alphabet", () => {
    const text = bytes.toString("base64");
    const wrapped = text.replace(/(.{76})/g, "$1\n");
    expect(decodeBase64(wrapped).bytes.equals(bytes)).toBe(true);
    expect(providerBase64(decodeBase64(wrapped).bytes)).toBeUndefined();
    expect(base64Of(decodeBase64(wrapped).bytes).toString()).toBe(text);
    const urlSafe = bytes.toString("base64url");
    expect(decodeBase64(urlSafe).bytes.equals(bytes)).toBe(true);
    expect(providerBase64(decodeBase64(urlSafe).bytes)).toBeUndefined();
  });
});

describe("decodeBase64Entry", () => {
  it("reads plain base64 with the fallback type, and a data URI with its own type", () => {
    const text = bytes.toString("base64");
    const plain = decodeBase64Entry(text, "image/png");
    expect(plain.mediaType).toBe("image/png");
    expect(providerBase64(plain.bytes)?.toString()).toBe(text);
    const uri = decodeBase64Entry(`data:image/webp;base64,${text}`, "image/png");
    expect(uri.bytes.equals(bytes)).toBe(true);
    expect(uri.mediaType).toBe("image/webp");
    expect(providerBase64(uri.bytes)?.toString()).toBe(text);
  });
});

import { describe, expect, it } from "vitest";
import { decodeBase64, decodeBase64Entry } from "@/lib/providers/shared/base64";

const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) % 256));

describe("decodeBase64", () => {
  it("keeps canonical base64 for reuse, with or without padding", () => {
    for (const length of [999, 1000, 998]) {
      const text = bytes.subarray(0, length).toString("base64");
      const decoded = decodeBase64(text);
      expect(decoded.bytes.equals(bytes.subarray(0, length))).toBe(true);
      expect(decoded.base64).toBe(text);
    }
  });

  it("decodes but never reuses base64 with line breaks or the URL-safe alphabet", () => {
    const text = bytes.toString("base64");
    const wrapped = text.replace(/(.{76})/g, "$1\n");
    expect(decodeBase64(wrapped).bytes.equals(bytes)).toBe(true);
    expect(decodeBase64(wrapped).base64).toBeUndefined();
    const urlSafe = bytes.toString("base64url");
    expect(decodeBase64(urlSafe).bytes.equals(bytes)).toBe(true);
    expect(decodeBase64(urlSafe).base64).toBeUndefined();
  });
});

describe("decodeBase64Entry", () => {
  it("reads plain base64 with the fallback type, and a data URI with its own type", () => {
    const text = bytes.toString("base64");
    expect(decodeBase64Entry(text, "image/png")).toMatchObject({ base64: text, mediaType: "image/png" });
    const uri = decodeBase64Entry(`data:image/webp;base64,${text}`, "image/png");
    expect(uri.bytes.equals(bytes)).toBe(true);
    expect(uri).toMatchObject({ base64: text, mediaType: "image/webp" });
  });
});

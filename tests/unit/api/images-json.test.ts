import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { imagesJson } from "@/lib/api/images-json";
import { Base64Text } from "@/lib/images/base64-text";

const b64 = (seed: number) => Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * seed) % 256)).toString("base64");

describe("imagesJson", () => {
  it("answers exactly what Response.json would, base64 included", async () => {
    const body = {
      created: 1,
      data: [{ b64_json: b64(7), revised_prompt: 'a "quoted" \\ prompt with "b64_json":"" in it' }, { b64_json: b64(13) }],
      darkroom: { warnings: [{ message: "ünïcode ✓ and \u0000 control" }], extra: { b64_json: "" } },
    };
    const response = imagesJson(body, { status: 201, headers: { "x-test": "1" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-test")).toBe("1");
    const text = await response.text();
    expect(text).toBe(JSON.stringify(body));
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(text));
  });

  it("sends base64 held as bytes as the same JSON, and never lets a proxy recompress it", async () => {
    const body = { created: 1, data: [{ b64_json: new Base64Text(Buffer.from(b64(7), "latin1")) }, { b64_json: Base64Text.of(b64(13)) }] };
    const response = imagesJson(body);
    expect(await response.text()).toBe(JSON.stringify({ created: 1, data: [{ b64_json: b64(7) }, { b64_json: b64(13) }] }));
    expect(response.headers.get("cache-control")).toContain("no-transform");
  });

  it("leaves bodies without base64 to Response.json", async () => {
    const body = { created: 1, data: [{ url: "http://x/images/img_1.png" }] };
    expect(await imagesJson(body).json()).toEqual(body);
    expect(await imagesJson({ id: "gen_1", status: "pending" }).json()).toEqual({ id: "gen_1", status: "pending" });
  });
});

describe("Base64Text", () => {
  it("encodes any bytes as Buffer's base64 does, across its chunk boundaries", () => {
    const lengths = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 49_150, max: 49_160 }), fc.integer({ min: 98_300, max: 98_310 }));
    fc.assert(
      fc.property(lengths, fc.integer({ min: 0, max: 255 }), (length, seed) => {
        const data = Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) % 256));
        const text = Base64Text.encode(data);
        expect(text.toString()).toBe(data.toString("base64"));
        expect(JSON.stringify({ b: text })).toBe(JSON.stringify({ b: data.toString("base64") }));
      }),
      { numRuns: 60 },
    );
  });
});

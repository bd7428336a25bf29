import { describe, expect, it } from "vitest";
import { imagesJson } from "@/lib/api/images-json";

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
  });

  it("leaves bodies without base64 to Response.json", async () => {
    const body = { created: 1, data: [{ url: "http://x/images/img_1.png" }] };
    expect(await imagesJson(body).json()).toEqual(body);
    expect(await imagesJson({ id: "gen_1", status: "pending" }).json()).toEqual({ id: "gen_1", status: "pending" });
  });
});

import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { errorResponse, readRequestJson } from "@/lib/api/http";
import { MAX_JSON_DEPTH } from "@/lib/api/request-body";

const read = (text: string) => readRequestJson(new Request("http://x/v1/images/generations", { method: "POST", body: text }), 1_048_576);

async function rejection(text: string): Promise<ApiError> {
  const error = await read(text).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("readRequestJson", () => {
  it("refuses a NUL byte in any string, value or key, naming where it is", async () => {
    const value = await rejection(JSON.stringify({ prompt: "a\u0000b" }));
    expect([value.status, value.param, value.code]).toEqual([400, "prompt", "invalid_text"]);
    const nested = await rejection(JSON.stringify({ extra: { list: ["ok", "x\u0000"] } }));
    expect(nested.param).toBe("extra.list.1");
    expect((await rejection('{"a\\u0000":1}')).status).toBe(400);
  });

  it("refuses lone surrogates but keeps paired ones (emoji)", async () => {
    expect((await rejection('{"prompt":"\\ud800"}')).param).toBe("prompt");
    expect((await rejection('{"prompt":"x\\udc00y"}')).code).toBe("invalid_text");
    await expect(read('{"prompt":"\\ud83d\\udcf7 camera"}')).resolves.toEqual({ prompt: "📷 camera" });
  });

  it.each(["__proto__", "constructor", "prototype"])("refuses the key %s at any depth", async (key) => {
    expect((await rejection(`{"${key}":null}`)).code).toBe("reserved_key");
    const deep = await rejection(`{"extra":{"${key}":{"polluted":true}}}`);
    expect([deep.status, deep.param]).toEqual([400, `extra.${key}`]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses nesting beyond the limit, however deep, without overflowing the stack", async () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 5000, 200_000]) {
      const error = await rejection(`{"prompt":"p","unknown":${"[".repeat(depth)}${"]".repeat(depth)}}`);
      expect([error.status, error.code]).toEqual([400, "too_deep"]);
    }
    await expect(read(`{"loras":[{"path":"a","scale":0.5}]}`)).resolves.toEqual({ loras: [{ path: "a", scale: 0.5 }] });
  });

  it("still tells empty bodies and broken JSON apart", async () => {
    expect((await rejection("  ")).message).toMatch(/empty/);
    expect((await rejection("{")).code).toBe("invalid_json");
  });
});

describe("errorResponse", () => {
  it("echoes at most a short prefix of a long value", async () => {
    const name = "x".repeat(10_000);
    const response = errorResponse(new ApiError(404, `The model '${name}' does not exist.`, "not_found_error", name, "model_not_found"), "req_1");
    const body = (await response.json()) as { error: { message: string; param: string } };
    expect(body.error.message.length).toBeLessThan(200);
    expect(body.error.message).toContain(`'${"x".repeat(100)}…'`);
    expect(body.error.param.length).toBeLessThanOrEqual(101);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "@/lib/providers/errors";
import { httpError } from "@/lib/providers/shared/http";
import { getJson, postJson } from "@/lib/providers/shared/json-call";
import { onOrigin, sameOrigin } from "@/lib/providers/shared/same-origin";
import { seedAt } from "@/lib/providers/shared/seed";

describe("seedAt", () => {
  it("offsets the first seed by the image index", () => {
    expect(seedAt(42, 0)).toBe(42);
    expect(seedAt(42, 3)).toBe(45);
  });

  it("wraps at 2^32, the end of the seed range", () => {
    expect(seedAt(4_294_967_295, 0)).toBe(4_294_967_295);
    expect(seedAt(4_294_967_295, 1)).toBe(0);
    expect(seedAt(4_294_967_294, 3)).toBe(1);
  });

  it("always stays within 0..2^32-1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_294_967_295 }), fc.integer({ min: 0, max: 15 }), (seed, i) => {
        const s = seedAt(seed, i);
        return Number.isInteger(s) && s >= 0 && s <= 4_294_967_295 && (s - seed - i) % 4_294_967_296 === 0;
      }),
    );
  });
});

describe("sameOrigin", () => {
  it("compares scheme, host and port", () => {
    expect(sameOrigin("https://api.replicate.com/v1/x", "https://api.replicate.com")).toBe(true);
    expect(sameOrigin("https://api.replicate.com:443/x", "https://api.replicate.com")).toBe(true);
    expect(sameOrigin("http://api.replicate.com/x", "https://api.replicate.com")).toBe(false);
    expect(sameOrigin("https://evil.example/x", "https://api.replicate.com")).toBe(false);
    expect(sameOrigin("https://api.replicate.com.evil.example/x", "https://api.replicate.com")).toBe(false);
    expect(sameOrigin("http://127.0.0.1:8001/a", "http://127.0.0.1:8002")).toBe(false);
  });

  it("is false for missing or unparsable URLs", () => {
    expect(sameOrigin(undefined, "https://a.example")).toBe(false);
    expect(sameOrigin(null, "https://a.example")).toBe(false);
    expect(sameOrigin("not a url", "https://a.example")).toBe(false);
    expect(sameOrigin("https://a.example", "")).toBe(false);
  });

  it("onOrigin keeps a URL on the configured origin and falls back otherwise", () => {
    expect(onOrigin("https://q.fal.run/s", "https://q.fal.run", "fallback")).toBe("https://q.fal.run/s");
    expect(onOrigin("https://elsewhere.example/s", "https://q.fal.run", "fallback")).toBe("fallback");
    expect(onOrigin(undefined, "https://q.fal.run", "fallback")).toBe("fallback");
  });
});

describe("postJson / getJson", () => {
  const schema = z.object({ id: z.string() });
  const errors = { http: (response: Parameters<typeof httpError>[1]) => httpError("p", response, { message: "mapped" }) };
  const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
    (async () => new Response(body, { status, headers: { "content-type": "application/json", ...headers } })) as typeof fetch;
  const base = { provider: "p", url: "https://p.example/x", signal: new AbortController().signal, schema, errors };

  it("returns the validated body and the response", async () => {
    const { data, response } = await postJson({ ...base, body: { a: 1 }, fetch: answer(201, '{"id":"j1","extra":true}') });
    expect(data).toEqual({ id: "j1" });
    expect(response.status).toBe(201);
  });

  it("maps a non-2xx answer through the error mapper", async () => {
    const error = await getJson({ ...base, fetch: answer(429, '{"detail":"slow down"}', { "retry-after": "2" }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "rate_limit", statusCode: 429, retryAfterMs: 2000, message: "p answered 429: mapped" });
  });

  it("turns a 2xx body the schema rejects into an upstream error naming what was expected", async () => {
    const error = await getJson({ ...base, label: "P Cloud", what: "job status", fetch: answer(200, '{"id":7}') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "upstream", retryable: true, statusCode: 200 });
    expect((error as Error).message).toMatch(/^P Cloud sent an unexpected job status: id: /);
  });

  it("uses the adapter's own malformed mapper when it has one", async () => {
    const malformed = (_: unknown, issue: string) => new ProviderError({ provider: "p", kind: "upstream", message: `custom: ${issue}` });
    const error = await getJson({ ...base, errors: { ...errors, malformed }, fetch: answer(200, "<html>") }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("custom: not JSON");
  });
});

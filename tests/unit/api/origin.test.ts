import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { parseEnv, resetEnvForTests } from "@/lib/config/env";
import { originVerdict } from "@/lib/api/origin";
import { proxy } from "@/proxy";

const verdict = (origin: string | undefined, host = "127.0.0.1:3000") =>
  originVerdict(new Request("http://127.0.0.1:3000/v1/images/generations", { method: "POST", headers: { host, ...(origin ? { origin } : {}) } }));

afterEach(() => {
  delete process.env.DARKROOM_CORS_ORIGINS;
  delete process.env.DARKROOM_PUBLIC_URL;
  resetEnvForTests();
});

describe("originVerdict", () => {
  it("tells the app's own pages, listed origins and foreign ones apart", () => {
    process.env.DARKROOM_CORS_ORIGINS = "https://studio.example.com,http://localhost:5173/";
    resetEnvForTests();
    expect(verdict(undefined)).toBe("absent");
    expect(verdict("http://127.0.0.1:3000")).toBe("own");
    expect(verdict("http://localhost:3000", "localhost:3000")).toBe("own");
    expect(verdict("http://[::1]:3000", "[::1]:3000")).toBe("own");
    expect(verdict("https://studio.example.com")).toBe("listed");
    expect(verdict("http://localhost:5173")).toBe("listed");
    expect(verdict("https://studio.example.com.evil.example")).toBe("foreign");
    expect(verdict("null")).toBe("foreign");
    expect(verdict("http://127.0.0.1:3001")).toBe("foreign");
  });

  it("does not take a DNS-rebinding page (its own name resolved to this server) for the app", () => {
    expect(verdict("http://evil.example:3000", "evil.example:3000")).toBe("foreign");
  });

  it("takes DARKROOM_PUBLIC_URL's origin as the app's own, behind a proxy that rewrites Host", () => {
    process.env.DARKROOM_PUBLIC_URL = "https://darkroom.example.com/";
    resetEnvForTests();
    expect(verdict("https://darkroom.example.com", "127.0.0.1:3000")).toBe("own");
    expect(verdict("https://darkroom.example.com", "darkroom.example.com")).toBe("own");
  });
});

describe("DARKROOM_CORS_ORIGINS", () => {
  it("takes origins only: a path, a wildcard or a bare name stops the app with a message naming it", () => {
    expect(parseEnv({ DARKROOM_CORS_ORIGINS: " https://a.example , http://localhost:5173/ " }).DARKROOM_CORS_ORIGINS).toBeDefined();
    for (const bad of ["*", "https://a.example/app", "a.example", "ftp://a.example"]) {
      expect(() => parseEnv({ DARKROOM_CORS_ORIGINS: bad })).toThrow(/DARKROOM_CORS_ORIGINS/);
    }
  });
});

describe("proxy.ts", () => {
  it("refuses a foreign server action and a malformed path, and passes the rest on", async () => {
    const foreign = proxy(new NextRequest("http://127.0.0.1:3000/", { method: "POST", headers: { origin: "https://evil.example", "next-action": "x" } }));
    expect(foreign.status).toBe(403);
    const malformed = proxy(new NextRequest("http://127.0.0.1:3000/gallery/%"));
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toMatch(/text\/plain/);
    const api = proxy(new NextRequest("http://127.0.0.1:3000/v1/models/%ff"));
    expect([api.status, ((await api.json()) as { error: { code: string } }).error.code]).toEqual([400, "invalid_path"]);
    const passed = proxy(new NextRequest("http://127.0.0.1:3000/v1/models", { headers: { origin: "https://evil.example" } }));
    expect(passed.headers.get("x-middleware-next")).toBe("1");
  });
});

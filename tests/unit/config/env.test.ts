import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { findModel } from "@/lib/catalog";
import { EnvError, parseEnv } from "@/lib/config/env";

describe("environment", () => {
  it("has embedded defaults: no key, no database server", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ HOST: "127.0.0.1", PORT: 3000, DARKROOM_DATA_DIR: "./data", DARKROOM_SIMULATOR: "auto" });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("defaults to an active model, so a first request carries no deprecation warning", () => {
    const model = findModel(parseEnv({}).DARKROOM_DEFAULT_MODEL);
    expect(model).toBeDefined();
    expect(model!.lifecycle.state).toBe("active");
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ DARKROOM_SIMULATOR: "maybe" }, "DARKROOM_SIMULATOR"],
    [{ DARKROOM_PUBLIC_URL: "not a url" }, "DARKROOM_PUBLIC_URL"],
    [{ DARKROOM_SIMULATOR_FAILURE_RATE: "2" }, "DARKROOM_SIMULATOR_FAILURE_RATE"],
    [{ DARKROOM_SIMULATOR_LATENCY_MS: "-1" }, "DARKROOM_SIMULATOR_LATENCY_MS"],
  ])("rejects %j naming %s", (source, name) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`${name}=`));
  });

  it("accepts per-model simulator failure rates", () => {
    expect(parseEnv({ DARKROOM_SIMULATOR_FAILURE_RATE: "flux-schnell=1,0.1" }).DARKROOM_SIMULATOR_FAILURE_RATE).toBe("flux-schnell=1,0.1");
  });

  it("keeps the parsed failure rates and routing, so nothing parses them again", () => {
    const parsed = parseEnv({ DARKROOM_SIMULATOR_FAILURE_RATE: "flux-schnell=1,0.1", DARKROOM_ROUTING: "flux-dev=fastest,priority" });
    expect([parsed.simulatorFailureRate("flux-schnell"), parsed.simulatorFailureRate("imagen-4.0-generate-001")]).toEqual([1, 0.1]);
    expect(parsed.routingFromEnv).toEqual({ defaultPolicy: "priority", perModel: { "flux-dev": "fastest" } });
  });

  it("npm start refuses a bad value with a message naming the variable", () => {
    const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "lib/cli/start.ts"], {
      env: { PATH: process.env.PATH, PORT: "not-a-port" } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT=\"not-a-port\"");
  });
});

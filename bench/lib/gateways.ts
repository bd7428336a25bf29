import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startBenchApp, type BenchApp } from "./app";
import type { FakeUpstream } from "./fake-upstream";
import type { SideGateway } from "./side-gateways";

export const PROMPT = "a lighthouse on a cliff at dusk, volumetric light";

/** Calling the fake directly: no gateway, no process of its own (the fake is a thread of the bench). */
export interface DirectTarget extends Omit<SideGateway, "pid" | "stop"> {
  pid?: undefined;
}

export function directTarget(fake: FakeUpstream): DirectTarget {
  return {
    name: "direct",
    url: `${fake.url}/images/generations`,
    headers: { authorization: `Bearer ${fake.apiKey}` },
    body: () => ({ model: "gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", n: 1 }),
  };
}

export type DarkroomGateway = SideGateway & { app: BenchApp };

/** A database of its own on a PostgreSQL server (as tests/helpers/app.ts makes them), dropped afterwards. */
async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const pg = (await import("pg")).default;
  const name = `darkroom_bench_${Date.now().toString(36)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Darkroom (`next start` of the bench build) routed to the fake: `openai/…` for the measured runs and a
 * `bench-single` provider that makes one image per call, for the n=4 emulation row. PGlite in its data
 * dir, or a fresh database on the PostgreSQL server at `postgres`.
 */
export async function startDarkroom(fake: FakeUpstream, options: { name: string; postgres?: string; nodeArgs?: string[] }): Promise<DarkroomGateway> {
  const configDir = await mkdtemp(path.join(tmpdir(), "darkroom-bench-config-"));
  const providersFile = path.join(configDir, "darkroom.providers.json");
  await writeFile(
    providersFile,
    JSON.stringify({ providers: [{ id: "bench-single", name: "Bench fake, 1 image per call", baseUrl: fake.url, apiKeyEnv: "OPENAI_API_KEY", models: [{ model: "gpt-image-1-mini", maxImagesPerCall: 1 }] }] }),
  );
  const database = options.postgres ? await freshDatabase(options.postgres) : undefined;
  const app = await startBenchApp({
    ...(database ? { DATABASE_URL: database.url } : {}),
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.url,
    DARKROOM_PROVIDERS_FILE: providersFile,
    DARKROOM_SIMULATOR: "off",
    // The per-provider bulkhead (16 by default) would queue the concurrency-64 rows: this measures the
    // gateway's cost, not its admission policy.
    DARKROOM_PROVIDER_CONCURRENCY: "256",
  }, options.nodeArgs);
  return {
    name: options.name,
    url: `${app.url}/v1/images/generations`,
    pid: app.pid,
    headers: {},
    app,
    body: (format) => ({ model: "openai/gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", response_format: format }),
    stop: async () => {
      await app.stop();
      await database?.drop();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}

/** Circuit openings since start: /metrics (loopback needs no token), else the app's warn-level log lines. */
export async function breakerOpenings(app: BenchApp): Promise<number> {
  const fromLogs = (app.logs().match(/circuit opened for/g) ?? []).length;
  try {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const values = [...text.matchAll(/^darkroom_circuit_openings_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)$/gm)].map((m) => Number(m[1]));
    return Math.max(fromLogs, values.reduce((a, b) => a + b, 0));
  } catch {
    return fromLogs;
  }
}

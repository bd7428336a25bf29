import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/app";
import { until } from "../helpers/until";

// In-process: start-up against a database that is not there yet, then appears.
const lines: { level: number; msg: string; database?: string }[] = [];
const holder = globalThis as unknown as { darkroomLogger?: unknown; darkroomDb?: Promise<{ $disconnect(): Promise<void> }> };
holder.darkroomLogger = pino({ level: "info" }, new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));

const health = async () => {
  const { healthRoute } = await import("@/lib/api/routes/health");
  const response = await healthRoute(new Request("http://127.0.0.1/api/health"), { params: Promise.resolve(undefined) });
  return { status: response.status, body: await response.json() };
};


const ADMIN = process.env.DARKROOM_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const postgres = await (async () => {
  const client = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
})();

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "darkroom-startup-"));
  process.env.DARKROOM_DATA_DIR = dataDir;
});
afterAll(async () => {
  await (await holder.darkroomDb?.catch(() => undefined))?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe.runIf(postgres)("PostgreSQL down at start", () => {
  let proxy: Server | undefined;
  const name = `darkroom_test_${randomBytes(6).toString("hex")}`;

  afterAll(async () => {
    proxy?.close();
    const admin = new pg.Client({ connectionString: ADMIN });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it("logs DATABASE_URL and the reason, answers 503 on health, retries, then serves", async () => {
    const admin = new pg.Client({ connectionString: ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    // The app talks to a port where nothing listens yet; later a forwarder to the real server appears there.
    const port = await freePort();
    const target = new URL(ADMIN);
    const url = new URL(ADMIN);
    url.port = String(port);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    const { resetEnvForTests } = await import("@/lib/config/env");
    resetEnvForTests();
    const { startServer } = await import("@/lib/server/startup");
    await startServer({ retryBaseMs: 100, retryMaxMs: 400 });

    const down = lines.find((l) => l.level === 50 && /database unavailable/.test(l.msg));
    expect(down?.msg).toContain(`DATABASE_URL=${url.toString()}`);
    expect(down?.msg).toMatch(/ECONNREFUSED/);
    const unhealthy = await health();
    expect(unhealthy.status).toBe(503);
    expect(unhealthy.body.error).toMatchObject({ code: "database_unavailable", message: expect.stringMatching(/ECONNREFUSED/) });

    // Either side may reset (the database is dropped WITH (FORCE) at the end): close the pair, never throw.
    proxy = createServer((socket) => {
      const upstream = createConnection(Number(target.port || 5432), target.hostname);
      const close = () => (socket.destroy(), upstream.destroy());
      socket.on("error", close);
      upstream.on("error", close);
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((r) => proxy!.listen(port, "127.0.0.1", r));
    await until(async () => ((await health()).status === 200 ? true : undefined));
    await until(async () => (lines.some((l) => l.msg === "darkroom ready") ? true : undefined));
    expect(lines.filter((l) => /database unavailable/.test(l.msg)).length).toBeGreaterThanOrEqual(1);
  });
});

describe.runIf(!postgres)("embedded database unusable at start", () => {
  it("logs the data dir and the reason, answers 503 on health, retries, then serves", async () => {
    delete process.env.DATABASE_URL;
    // A file where the database directory should be: PGlite cannot open it until it is replaced.
    await writeFile(path.join(dataDir, "db"), "not a directory");
    const { resetEnvForTests } = await import("@/lib/config/env");
    resetEnvForTests();
    const { startServer } = await import("@/lib/server/startup");
    await startServer({ retryBaseMs: 100, retryMaxMs: 400 });
    expect(lines.find((l) => l.level === 50)?.msg).toMatch(/database unavailable \(embedded PGlite in DARKROOM_DATA_DIR=.*\): /);
    expect((await health()).status).toBe(503);
    await rm(path.join(dataDir, "db"));
    await mkdir(path.join(dataDir, "db"));
    await until(async () => ((await health()).status === 200 ? true : undefined));
  });
});

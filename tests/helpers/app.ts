import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { MALLOC_ENV } from "@/lib/cli/server-env";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  /** The server process's id (undefined while stopped). */
  pid: () => number | undefined;
  dataDir: string;
  env: Record<string, string>;
  logs: () => string;
  /** Stops the server (SIGTERM, then SIGKILL) and keeps the data dir. */
  stop(): Promise<void>;
  /** Kills the server without warning (SIGKILL), as a crash would. */
  crash(): Promise<void>;
  /** Starts it again after stop() or crash(). */
  start(): Promise<void>;
  /** Stops and starts again on the same data dir and port. */
  restart(): Promise<void>;
  /** Stops and removes the data dir. */
  dispose(): Promise<void>;
}

/**
 * The database an app under test uses: PGlite under its data dir, or, when the runner set
 * DARKROOM_TEST_POSTGRES_URL, a fresh PostgreSQL database of its own (apps mark each other's pending
 * rows interrupted at start, so they must not share one).
 */
async function testDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const admin = process.env.DARKROOM_TEST_POSTGRES_URL;
  if (!admin) return { env: {}, drop: async () => {} };
  const pg = (await import("pg")).default;
  const name = `darkroom_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Starts the built app (`next start`) as a user would, on a fresh data dir and a free port, and waits
 * until /api/health answers. Provider keys from the caller's environment never leak in. `nodeArgs` go to
 * the server's Node (e.g. `--cpu-prof`).
 */
export async function startApp(extraEnv: Record<string, string> = {}, { nodeArgs = [] }: { nodeArgs?: string[] } = {}): Promise<RunningApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "darkroom-test-"));
  const port = await freePort();
  const database = await testDatabase();
  const env: Record<string, string> = {
    ...MALLOC_ENV,
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    HOST: "127.0.0.1",
    PORT: String(port),
    DARKROOM_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    ...(process.env.DARKROOM_DIST_DIR ? { DARKROOM_DIST_DIR: process.env.DARKROOM_DIST_DIR } : {}),
    ...database.env,
    ...extraEnv,
  };
  let child: ChildProcess | undefined;
  let output = "";
  const url = `http://127.0.0.1:${port}`;
  const start = async () => {
    const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
    const proc = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    proc.stdout.on("data", (d) => (output += d));
    proc.stderr.on("data", (d) => (output += d));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`app exited with ${proc.exitCode}:\n${output}`);
      const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`app did not become healthy:\n${output}`);
  };
  const stop = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    url,
    pid: () => child?.pid,
    dataDir,
    env,
    logs: () => output,
    stop,
    crash: async () => {
      const proc = child;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await exited;
    },
    start,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

import { spawn } from "node:child_process";
import path from "node:path";
import { MALLOC_ENV } from "@/lib/cli/server-env";
import { freePort } from "../../tests/helpers/app";

/** A production build served by `next start` on a free loopback port with the bench's data dir, for page timings. */
export async function startBuiltApp(dataDir: string): Promise<{ url: string; output: () => string; stop: () => void }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const server = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...MALLOC_ENV, ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", HOST: "127.0.0.1", DARKROOM_DATA_DIR: dataDir, DARKROOM_SIMULATOR: "on", LOG_LEVEL: "warn", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));
  const stop = () => void server.kill("SIGTERM");
  const deadline = Date.now() + 120_000;
  while (!(await fetch(`${url}/api/health`).then((r) => r.ok, () => false))) {
    if (server.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`the app did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, output: () => output, stop };
}

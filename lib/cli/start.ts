import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { EnvError, parseEnv } from "@/lib/config/env";
import { MALLOC_ENV } from "./server-env";

// `npm start`: validate the environment, build on first start, then serve with `next start`.
// Migrations and crash recovery run inside the server (instrumentation.ts): only that process may open
// the embedded database.
// NEXT_MANUAL_SIG_HANDLE: on SIGTERM the server's own handler (lib/server/shutdown.ts) finishes or hands
// back running jobs before it exits, instead of `next start` exiting as soon as its HTTP server closes.
const childEnv = { ...MALLOC_ENV, ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", NEXT_MANUAL_SIG_HANDLE: "true" };

let config;
try {
  config = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`darkroom: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

if (!existsSync(path.join(process.cwd(), "lib", "db", "generated", "client.ts"))) {
  const generated = spawnSync("npx", ["prisma", "generate"], {
    stdio: "inherit",
    env: { ...childEnv, PRISMA_SCHEMA_ENGINE_BINARY: "./prisma/engine-stub.sh" },
  });
  if (generated.status !== 0) process.exit(generated.status ?? 1);
}

if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
  console.log("darkroom: first start, building the app (about a minute)…");
  const built = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: childEnv });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const server = spawn(process.execPath, [nextBin, "start", "-H", config.HOST, "-p", String(config.PORT)], {
  stdio: "inherit",
  env: childEnv,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

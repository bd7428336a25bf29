import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../tests/helpers/app";
import type { FakeUpstream } from "./fake-upstream";

/** A gateway under comparison: where to POST, what headers it needs, and its process (for CPU). */
export interface SideGateway {
  name: string;
  url: string;
  pid: number;
  headers: Record<string, string>;
  /** The body for one request, given the response format. */
  body(responseFormat: "url" | "b64_json"): Record<string, unknown>;
  stop(): Promise<void>;
}

async function waitForPort(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${logs()}`);
    const up = await fetch(url, { method: "GET" }).then(() => true, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`did not start: ${logs()}`);
}

function spawnLogged(args: string[], env: Record<string, string> = {}) {
  let output = "";
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env };
  const child: ChildProcess = spawn(process.execPath, args, { env: childEnv as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };
  return { child, logs: () => output, stop };
}

const PROMPT = "a lighthouse on a cliff at dusk, volumetric light";

/** bench/floor/floor-gateway.mjs on a fresh data dir and the same embedded PGlite as Darkroom's default. */
export async function startFloorGateway(fake: FakeUpstream): Promise<SideGateway> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), "darkroom-floor-"));
  const proc = spawnLogged([path.join("bench", "floor", "floor-gateway.mjs"), String(port), fake.url, fake.apiKey, dataDir]);
  const url = `http://127.0.0.1:${port}`;
  await waitForPort(url, proc.child, proc.logs);
  return {
    name: "floor",
    url: `${url}/v1/images/generations`,
    pid: proc.child.pid!,
    headers: {},
    body: (responseFormat) => ({ model: "gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", response_format: responseFormat }),
    stop: async () => {
      await proc.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Portkey's open-source gateway (proxy only: it stores nothing), pointed at the same fake. */
export async function startPortkey(fake: FakeUpstream): Promise<SideGateway> {
  const port = await freePort();
  const bin = path.join(process.cwd(), "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
  const proc = spawnLogged([bin, `--port=${port}`, "--headless"]);
  const url = `http://127.0.0.1:${port}`;
  await waitForPort(url, proc.child, proc.logs);
  return {
    name: "portkey",
    url: `${url}/v1/images/generations`,
    pid: proc.child.pid!,
    headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": fake.url, authorization: `Bearer ${fake.apiKey}` },
    body: (responseFormat) => ({ model: "gpt-image-1-mini", prompt: PROMPT, size: "1024x1024", response_format: responseFormat }),
    stop: proc.stop,
  };
}

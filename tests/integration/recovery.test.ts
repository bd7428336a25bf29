import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type RunningApp } from "../helpers/app";
import { queryStoppedAppDb } from "../helpers/db";

let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ DARKROOM_SIMULATOR_LATENCY_MS: "20000" });
});

afterAll(async () => {
  await app?.dispose();
});

it("marks a generation cut off by a crash as interrupted at the next start, and keeps it", async () => {
  const inFlight = fetch(`${app.url}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: "never finishes", model: "flux-dev" }),
  }).catch(() => undefined);
  // The row is written before the provider is called: crash only once it is listed (a loaded machine may take seconds).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const listed = (await (await fetch(`${app.url}/v1/generations`)).json()) as { data: unknown[] };
    if (listed.data.length > 0) break;
    if (Date.now() > deadline) throw new Error("the pending generation was never listed");
    await new Promise((r) => setTimeout(r, 100));
  }
  await app.crash();
  await inFlight;
  await app.start();
  await app.stop();
  const rows = await queryStoppedAppDb<{ status: string; prompt: string; errorCode: string }>(
    app,
    `SELECT status, prompt, "errorCode" FROM "Generation"`,
  );
  expect(rows).toEqual([{ status: "interrupted", prompt: "never finishes", errorCode: "interrupted" }]);
});

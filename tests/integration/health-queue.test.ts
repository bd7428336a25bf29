import { afterAll, describe, expect, it } from "vitest";
import { enqueue, stopWorker } from "@/lib/queue/queue";
import { startRetentionSweeps } from "@/lib/services/retention";
import { useInProcessApp } from "../helpers/in-process";
import { until } from "../helpers/until";

// The recurring retention sweep is always there; /api/health's queued must still mean backlog.
const db = useInProcessApp({ DARKROOM_QUEUE_POLL_MS: "20", DARKROOM_RETENTION_SWEEP_MS: "3600000" });
afterAll(() => stopWorker({ graceMs: 1000 }));

async function queueOnHealth() {
  const { healthRoute } = await import("@/lib/api/routes/health");
  const response = await healthRoute(new Request("http://127.0.0.1/api/health"), { params: Promise.resolve(undefined) });
  return ((await response.json()) as { queue: Record<string, unknown> }).queue;
}

describe("the queue on /api/health", () => {
  it("reports the recurring sweep as scheduled, not queued, and counts one-off jobs as queued", async () => {
    await startRetentionSweeps();
    // Once the sweep's first run is over it waits an hour for the next.
    await until(async () => ((await db().job.findUniqueOrThrow({ where: { key: "retention:sweep" } })).attempts > 0 && (await queueOnHealth()).active === 0 ? true : undefined));
    expect(await queueOnHealth()).toMatchObject({ status: "ok", queued: 0, scheduled: 1, active: 0, oldestDueMs: 0 });

    // No handler runs this queue here, so the job stays due and waiting: backlog.
    await enqueue({ queue: "t-backlog", key: "t:backlog", payload: {} });
    await until(async () => ((await queueOnHealth()).oldestDueMs as number) > 0 || undefined, 5000, 20);
    expect(await queueOnHealth()).toMatchObject({ queued: 1, scheduled: 1, active: 0 });
  });
});

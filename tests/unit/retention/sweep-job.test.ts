import { describe, expect, it } from "vitest";
import { POST } from "@/lib/api/routes/images-generations";
import { stopWorker } from "@/lib/queue/queue";
import { startRetentionSweeps } from "@/lib/services/retention";
import { useInProcessApp } from "../../helpers/in-process";

// The retention sweep is one recurring job of the queue: made once, run by a worker, rescheduled, revived if it ended.
const prisma = useInProcessApp({ DARKROOM_RETENTION_API_DAYS: "0", DARKROOM_RETENTION_SWEEP_MS: "200", DARKROOM_QUEUE_POLL_MS: "20" });

const sweepJob = () => prisma().job.findUniqueOrThrow({ where: { key: "retention:sweep" } });

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the retention job", () => {
  it("runs on the queue, clears a 0-day source's prompt, and keeps rescheduling itself", async () => {
    const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "local/flux-dev", prompt: "forget me", seed: 7 }) };
    const res = await POST(new Request("http://127.0.0.1/v1/images/generations", init), { params: Promise.resolve({}) });
    const { darkroom } = (await res.json()) as { darkroom: { id: string } };

    await startRetentionSweeps();
    await startRetentionSweeps();
    expect(await prisma().job.count({ where: { queue: "retention" } })).toBe(1);
    await until(() => prisma().generation.findUniqueOrThrow({ where: { id: darkroom.id } }), (g) => g.prompt === "");
    const job = await until(sweepJob, (j) => j.attempts >= 2);
    expect(job.state).not.toBe("failed");

    await stopWorker({ graceMs: 1000 });
    await prisma().job.update({ where: { key: "retention:sweep" }, data: { state: "failed" } });
    await startRetentionSweeps();
    expect(await sweepJob()).toMatchObject({ state: expect.stringMatching(/queued|active/), attempts: expect.any(Number) });
  });
});

import { describe, expect, it } from "vitest";
import { claimJobs } from "@/lib/db/jobs";
import { enqueue, registerJobHandler, stopWorker, type Job } from "@/lib/queue/queue";
import { instanceId } from "@/lib/queue/instance";
import { useInProcessApp } from "../../helpers/in-process";

const prisma = useInProcessApp({ DARKROOM_QUEUE_POLL_MS: "20", DARKROOM_QUEUE_VISIBILITY_MS: "500", DARKROOM_INSTANCE_ID: "test-instance" });

const job = (key: string) => prisma().job.findUniqueOrThrow({ where: { key } });

async function settled(key: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await job(key);
    if (row.state === "done" || row.state === "failed") return row;
    if (Date.now() > deadline) throw new Error(`${key} is still ${row.state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the job queue on the embedded database", () => {
  it("runs a job once per key, retries a failing one, and follows a handler's own schedule", async () => {
    const seen: Job[] = [];
    let failures = 1;
    registerJobHandler("t-basic", async (j) => {
      seen.push(j);
      const { kind } = j.payload as { kind: string };
      if (kind === "flaky" && failures-- > 0) throw new Error("boom");
      if (kind === "again" && j.attempt < 3) return { retryInMs: 10 };
    });
    expect(await enqueue({ queue: "t-basic", key: "t:once", payload: { kind: "once" } })).toBe(true);
    expect(await enqueue({ queue: "t-basic", key: "t:once", payload: { kind: "once" } })).toBe(false);
    await enqueue({ queue: "t-basic", key: "t:again", payload: { kind: "again" }, maxAttempts: 5 });
    expect((await settled("t:once")).attempts).toBe(1);
    expect((await settled("t:again")).attempts).toBe(3);
    expect(seen.filter((j) => j.key === "t:once")).toHaveLength(1);
    // A thrown error waits out a backoff (1 s after the first failure), then the job runs again.
    await enqueue({ queue: "t-basic", key: "t:flaky", payload: { kind: "flaky" } });
    const flaky = await settled("t:flaky");
    expect(flaky).toMatchObject({ state: "done", attempts: 2, lastError: "boom" });
  });

  it("marks a job failed once it runs out of attempts", async () => {
    registerJobHandler("t-fail", async () => {
      throw new Error("always");
    });
    await enqueue({ queue: "t-fail", key: "t:fail", payload: {}, maxAttempts: 1 });
    expect(await settled("t:fail")).toMatchObject({ state: "failed", attempts: 1, lastError: "always" });
  });

  it("takes over a job whose instance stopped heartbeating once its visibility timeout has passed", async () => {
    const runs: Job[] = [];
    registerJobHandler("t-takeover", async (j) => void runs.push(j));
    await prisma().job.create({ data: { id: "job_dead", queue: "t-takeover", key: "t:dead", payload: {} } });
    // Another instance claims it and dies: nobody extends its lock.
    const [claimed] = await claimJobs({ queues: ["t-takeover"], holder: "dead-instance", limit: 1, visibilityMs: 600 });
    expect(claimed?.id).toBe("job_dead");
    await enqueue({ queue: "t-takeover", key: "t:wake", payload: {} });
    await settled("t:wake");
    expect(runs.map((r) => r.key)).toEqual(["t:wake"]);
    const done = await settled("t:dead");
    expect(runs.find((r) => r.key === "t:dead")?.attempt).toBe(2);
    expect(done.lockedBy).toBeNull();
  });

  it("hands running jobs back on a graceful stop, without counting the attempt", async () => {
    let release!: () => void;
    registerJobHandler("t-stop", () => new Promise<void>((r) => (release = r)));
    await enqueue({ queue: "t-stop", key: "t:stop", payload: {} });
    for (let row = await job("t:stop"); row.state !== "active"; row = await job("t:stop")) await new Promise((r) => setTimeout(r, 20));
    expect((await job("t:stop")).lockedBy).toBe(instanceId());
    expect(await stopWorker({ graceMs: 100 })).toEqual({ finished: 0, handedBack: 1 });
    expect(await job("t:stop")).toMatchObject({ state: "queued", attempts: 0, lockedBy: null });
    release();
  });
});

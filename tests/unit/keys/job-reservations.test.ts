import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseJobUserReservation, settleJobReservation } from "@/lib/db/jobs";
import { memoryDb } from "./pglite";

let close: () => Promise<void>;
let prisma: Awaited<ReturnType<typeof memoryDb>>["prisma"];
beforeAll(async () => {
  ({ prisma, close } = await memoryDb());
});
afterAll(() => close());

const month = "2026-12";

describe("a job's budget holds are settled once, whatever reruns the job", () => {
  it("settles the key's reservation and releases the user's hold once each, with marks of their own", async () => {
    await prisma.job.create({ data: { id: "job_holds", queue: "generation", payload: { generationId: "gen_1" } } });
    await prisma.apiKeyBudget.create({ data: { apiKeyId: "key_1", month, reservedUsd: 0.3, spentUsd: 0 } });
    await prisma.userBudgetReservation.create({ data: { userId: "u_1", month, reservedUsd: 0.3 } });

    const settle = () => settleJobReservation({ jobId: "job_holds", apiKeyId: "key_1", month, reservedUsd: 0.1, actualUsd: 0.08 });
    const release = () => releaseJobUserReservation({ jobId: "job_holds", userId: "u_1", month, amountUsd: 0.1 });
    expect(await settle()).toBe(true);
    expect(await settle()).toBe(false);
    // The settled mark does not stand for the user's: that hold is released once too.
    expect(await release()).toBe(true);
    expect(await release()).toBe(false);

    const key = await prisma.apiKeyBudget.findUniqueOrThrow({ where: { apiKeyId_month: { apiKeyId: "key_1", month } } });
    expect(key.reservedUsd).toBeCloseTo(0.2);
    expect(key.spentUsd).toBeCloseTo(0.08);
    expect((await prisma.userBudgetReservation.findUniqueOrThrow({ where: { userId_month: { userId: "u_1", month } } })).reservedUsd).toBeCloseTo(0.2);
    expect((await prisma.job.findUniqueOrThrow({ where: { id: "job_holds" } })).payload).toEqual({ generationId: "gen_1", settled: true, userReleased: true });
  });

  it("marks nothing when the job is gone", async () => {
    expect(await releaseJobUserReservation({ jobId: "job_missing", userId: "u_1", month, amountUsd: 0.1 })).toBe(false);
  });
});

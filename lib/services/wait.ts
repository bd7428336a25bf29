import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { findGeneration } from "@/lib/db/generations";
import { serverContext } from "@/lib/server/context";
import type { Generation } from "@/lib/generation/generation";
import { storedError, storedGeneration } from "./generation-view";
import { runningWork } from "./running";

const POLL_MS = 200;

/**
 * The result of a generation, once it is done: the same body (or the same error) its first caller got.
 * Work running in another instance is awaited by polling its row.
 */
export async function waitForGeneration(id: string): Promise<Generation> {
  const deadline = Date.now() + serverContext().deadlineMs;
  for (;;) {
    await runningWork(id)?.catch(() => undefined);
    const row = await findGeneration({ id });
    if (!row) throw new Error(`generation ${id} vanished`);
    if (row.status === "succeeded" || row.status === "partial") return storedGeneration(row);
    if (row.status !== "pending") throw storedError(row);
    if (Date.now() > deadline) throw storedError(row);
    await sleep(POLL_MS);
  }
}

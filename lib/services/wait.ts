import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { findGeneration } from "@/lib/db/generations";
import { serverContext } from "@/lib/server/context";
import type { Generation } from "@/lib/generation/generation";
import { storedError, storedGeneration } from "./generation-view";

const POLL_MS = 100;

/**
 * The result of a generation, once it is done: the same body (or the same error) its first caller got.
 * The row is the only source: the original may be running on any instance (or on none, once its instance
 * died: then a sync row is marked interrupted, an async one finished by another instance's worker).
 */
export async function waitForGeneration(id: string): Promise<Generation> {
  const deadline = Date.now() + serverContext().deadlineMs;
  for (;;) {
    const row = await findGeneration({ id });
    if (!row) throw new Error(`generation ${id} vanished`);
    if (row.status === "succeeded" || row.status === "partial") return storedGeneration(row);
    if (row.status !== "pending") throw storedError(row);
    if (Date.now() > deadline) throw storedError(row);
    await sleep(POLL_MS);
  }
}

import { expect, it } from "vitest";
import { settleMemory } from "@/lib/server/settle-memory";

it("runs a full collection: an unreachable 8 MB buffer is freed at once", async () => {
  let buffer: Uint8Array | undefined = new Uint8Array(8 * 1024 * 1024).fill(1);
  const ref = new WeakRef(buffer);
  buffer = undefined;
  // WeakRefs are kept alive until the end of the current job.
  await new Promise((r) => setImmediate(r));
  settleMemory();
  expect(ref.deref()).toBeUndefined();
});

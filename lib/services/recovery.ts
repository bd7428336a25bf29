import "server-only";
import { env } from "@/lib/config/env";
import { releaseAllJobs } from "@/lib/db/jobs";
import { enqueuePendingAsyncGenerations, interruptAbandonedGenerations } from "@/lib/db/recovery";
import { instanceId } from "@/lib/queue/instance";
import { logger } from "@/lib/server/logger";
// Imported for their job handlers: this process's worker runs generations and webhook deliveries.
import "./async-generation";
import "./webhooks";

/**
 * At start. Synchronous generations this instance's previous life was running can never answer their
 * caller: interrupted. Every pending async generation has a queue job (rows from before the queue get
 * one). On the embedded database only this process can be running, so everything active is abandoned.
 */
export async function recoverWork(): Promise<{ interrupted: number; queued: number; released: number }> {
  const embedded = !env().DATABASE_URL;
  const released = embedded ? await releaseAllJobs() : 0;
  const interrupted = await interruptAbandonedGenerations({ self: instanceId(), all: embedded });
  const queued = await enqueuePendingAsyncGenerations();
  return { interrupted, queued, released };
}

const holder = globalThis as { darkroomRecoverySweep?: NodeJS.Timeout };

/**
 * Another instance that died mid-generation leaves synchronous rows pending; once its liveness lease has
 * run out (a visibility timeout), any instance marks them interrupted. Its async jobs need nothing: the
 * queue hands them to a live worker.
 */
export function startRecoverySweeps(): void {
  if (holder.darkroomRecoverySweep) return;
  const sweep = async () => {
    const interrupted = await interruptAbandonedGenerations({});
    if (interrupted > 0) logger().warn({ interrupted }, "marked generations of an instance that stopped as interrupted");
  };
  holder.darkroomRecoverySweep = setInterval(() => void sweep().catch((error: unknown) => logger().warn({ err: error }, "recovery sweep failed")), env().DARKROOM_QUEUE_VISIBILITY_MS);
  holder.darkroomRecoverySweep.unref();
}

export function stopRecoverySweeps(): void {
  clearInterval(holder.darkroomRecoverySweep);
  holder.darkroomRecoverySweep = undefined;
}

import "server-only";
import { env } from "@/lib/config/env";
import { stopWorker } from "@/lib/queue/queue";
import { stopHealthSync } from "@/lib/services/health-sync";
import { stopRecoverySweeps } from "@/lib/services/recovery";
import { settledBy } from "@/lib/services/running";
import { logger } from "./logger";

const holder = globalThis as { darkroomShutdown?: boolean };

/**
 * SIGTERM: /api/health turns 503 (a load balancer stops sending work), the worker claims no more jobs and
 * waits up to DARKROOM_SHUTDOWN_GRACE_MS for the running ones and for synchronous generations still
 * answering their callers, hands the jobs left back to the queue, then exits.
 *
 * `next start` exits on SIGTERM on its own once its HTTP server has closed, which does not wait for queue
 * jobs; `npm start` sets NEXT_MANUAL_SIG_HANDLE=true so this handler decides when the process exits.
 * Without it the running jobs are handed back at once, so another instance takes them straight away.
 */
export function installShutdown(): void {
  if (holder.darkroomShutdown) return;
  holder.darkroomShutdown = true;
  process.once("SIGTERM", () => void shutdown());
}

async function shutdown(): Promise<void> {
  const log = logger();
  const manual = Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
  const graceMs = manual ? env().DARKROOM_SHUTDOWN_GRACE_MS : 0;
  const deadline = Date.now() + graceMs;
  log.info({ graceMs }, "SIGTERM: taking no new jobs, finishing running work");
  stopHealthSync();
  stopRecoverySweeps();
  try {
    const { finished, handedBack } = await stopWorker({ graceMs });
    const idle = await settledBy(deadline);
    log.info({ finishedJobs: finished, handedBack, generationsLeft: !idle }, "stopped");
  } catch (error) {
    log.error({ err: error }, "graceful stop failed; jobs still held come back after the visibility timeout");
  }
  if (manual) process.exit(0);
}

import "server-only";
import { env } from "@/lib/config/env";
import { recentAttempts, recoverPendingGenerations } from "@/lib/db/generations";
import { resumeGeneration } from "@/lib/services/generate";
import { fillThumbnails } from "@/lib/services/thumbnails";
import { serverContext } from "./context";
import { logger } from "./logger";

/** Runs once per server start (instrumentation.ts): recover unfinished work, rebuild provider health. */
export async function startServer(): Promise<void> {
  const e = env();
  const log = logger();
  const { registry, publicUrl, health } = serverContext();
  health.load(await recentAttempts({ perProvider: 20 }));
  const { interrupted, resumable } = await recoverPendingGenerations();
  if (interrupted > 0) log.warn({ interrupted }, "marked generations cut off by the previous stop as interrupted");
  for (const row of resumable) resumeGeneration(row);
  if (resumable.length > 0) log.info({ resumed: resumable.length }, "resumed async generations left pending by the previous stop");
  // Thumbnails a stop left unmade.
  fillThumbnails();
  log.info(
    {
      database: e.DATABASE_URL ? "postgresql" : "pglite",
      publicUrl,
      simulator: registry.simulator,
      providers: registry.statuses.map((s) => `${s.id}:${s.configured ? "configured" : "off"}`).join(" "),
    },
    "darkroom ready",
  );
}

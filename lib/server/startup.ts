import "server-only";
import { env } from "@/lib/config/env";
import { markPendingInterrupted } from "@/lib/db/generations";
import { serverContext } from "./context";
import { logger } from "./logger";

export async function startServer(): Promise<void> {
  const e = env();
  const log = logger();
  const { registry, publicUrl } = serverContext();
  const interrupted = await markPendingInterrupted();
  if (interrupted > 0) log.warn({ interrupted }, "marked generations left pending by a previous run as interrupted");
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

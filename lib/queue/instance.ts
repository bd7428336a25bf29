import "server-only";
import { hostname } from "node:os";
import { env } from "@/lib/config/env";

/**
 * This instance's name in job locks, leases and `Generation.runner`: DARKROOM_INSTANCE_ID, or host and
 * port. Stable across restarts on purpose: a restarted instance knows the work its previous life held
 * is not running any more and takes it back at once, instead of waiting out the visibility timeout.
 */
export function instanceId(): string {
  const e = env();
  return e.DARKROOM_INSTANCE_ID ?? `${hostname()}:${e.PORT}`;
}

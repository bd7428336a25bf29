import "server-only";
import { logger } from "@/lib/server/logger";
import { authMode, setupToken } from "./mode";

/** At start without an admin: print the one-time token that /setup asks for (the only way to make the first admin). */
export async function announceSetup(): Promise<void> {
  const mode = await authMode();
  const token = setupToken();
  if (mode === "accounts" || !token) return;
  const why = mode === "setup" ? "bound to a non-loopback address with no admin: only /setup answers" : "local mode; open /setup to turn accounts on";
  logger().warn({ mode }, `${why}. Setup token: ${token}`);
}

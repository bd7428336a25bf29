import "server-only";
import { createHmac } from "node:crypto";
import { setWebhookStatus } from "@/lib/db/generations";
import { logger } from "@/lib/server/logger";

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with DARKROOM_WEBHOOK_SECRET>` (documented in README). */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const DELAYS_MS = [0, 1000, 5000];

/** Delivers the final state of a generation: three tries, then recorded as failed. */
export async function deliverWebhook({ id, url, payload, secret }: { id: string; url: string; payload: unknown; secret: string }): Promise<void> {
  const body = JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    "user-agent": "darkroom-webhooks",
    "x-darkroom-event": (payload as { type: string }).type,
    "x-darkroom-signature": signWebhook(body, secret),
  };
  for (const delay of DELAYS_MS) {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const ok = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return setWebhookStatus({ id, status: "delivered" });
  }
  logger().warn({ generationId: id, url }, "webhook delivery failed");
  await setWebhookStatus({ id, status: "failed" });
}

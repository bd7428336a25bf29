import "server-only";
import type { webhookDeliveries } from "@/lib/services/webhooks";

type Delivery = Awaited<ReturnType<typeof webhookDeliveries>>[number];

/** A generation's webhook delivery attempts in the API's snake_case. */
export const webhookDeliveriesJson = (deliveries: Delivery[]) =>
  deliveries.map((d) => ({
    webhook_id: d.webhookId,
    attempt: d.attempt,
    outcome: d.outcome,
    http_status: d.httpStatus ?? null,
    error: d.error ?? null,
    latency_ms: d.latencyMs,
    at: d.at.toISOString(),
  }));

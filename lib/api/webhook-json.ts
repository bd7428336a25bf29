import "server-only";
import type { WebhookEvent, webhookDeliveries } from "@/lib/services/webhooks";
import { toApiError } from "./errors";
import { imagesBody } from "./images-body";

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

/**
 * The body of a generation's webhook event: the API's own bodies (the images body with URLs, or the
 * error body), registered with the webhooks service at start (lib/server/startup.ts).
 */
export function webhookPayload({ id, outcome }: WebhookEvent) {
  if (outcome.generation) {
    const generation = outcome.generation;
    return { type: "generation.succeeded", data: { id, object: "generation", status: generation.status, ...imagesBody({ ...generation, responseFormat: "url" }) } };
  }
  return { type: "generation.failed", data: { id, object: "generation", status: "failed", error: toApiError(outcome.error).toBody().error } };
}

import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "./client";

export interface WebhookDeliveryRecord {
  generationId: string;
  webhookId: string;
  attempt: number;
  url: string;
  outcome: "delivered" | "failed" | "refused";
  httpStatus?: number;
  error?: string;
  latencyMs: number;
}

export async function recordWebhookDelivery(record: WebhookDeliveryRecord): Promise<void> {
  const client = await db();
  await client.webhookDelivery.create({ data: { id: `whd_${randomUUID().replaceAll("-", "")}`, ...record } });
}

/** Every delivery attempt of a generation's webhook, oldest first. */
export async function listWebhookDeliveries(generationId: string) {
  const client = await db();
  return client.webhookDelivery.findMany({ where: { generationId }, orderBy: { attempt: "asc" } });
}

import "server-only";
import { db } from "@/lib/db/client";
import { metrics } from "@/lib/metrics/registry";

/** The Prometheus exposition, with the gauges that live in the database read at scrape time. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const client = await db();
  m.imagesStored.set(await client.image.count());
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

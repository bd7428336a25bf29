import "server-only";
import { db } from "@/lib/db/client";
import { metrics } from "@/lib/metrics/registry";
import { serverContext } from "@/lib/server/context";

/** The Prometheus exposition, with the gauges that live in the database read at scrape time. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const client = await db();
  m.imagesStored.set(await client.image.count());
  const { health } = serverContext();
  for (const key of health.endpoints()) {
    const [provider, ...endpoint] = key.split("/");
    m.breakerOpen.set({ provider: provider!, endpoint: endpoint.join("/") }, health.health(key).state === "closed" ? 0 : 1);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

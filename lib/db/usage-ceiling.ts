import "server-only";
import { db } from "./client";

/** Stores what the most expensive eligible provider would have charged (the usage page's "routing saved"). */
export async function recordCostCeiling(id: string, ceilingCostUsd: number): Promise<void> {
  const client = await db();
  await client.generation.update({ where: { id }, data: { ceilingCostUsd } });
}

import "server-only";
import type { Prisma } from "./generated/client.ts";
import { db } from "./client";
import type { OwnerScope } from "./usage";

export interface RequestFilter {
  from?: Date;
  to?: Date;
  status?: string;
  model?: string;
  provider?: string;
  /** An API key id, or "none" for requests no virtual key made. */
  key?: string;
  owner?: OwnerScope;
}

function requestWhere(filter: RequestFilter): Prisma.GenerationWhereInput {
  const createdAt = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  return {
    ...(filter.owner ?? {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
    ...(filter.status ? { status: filter.status as Prisma.GenerationWhereInput["status"] } : {}),
    ...(filter.model ? { model: filter.model } : {}),
    ...(filter.provider ? { provider: filter.provider } : {}),
    // A key filter cannot widen a user-less key's own scope: both must match.
    ...(filter.key ? { AND: [{ apiKeyId: filter.key === "none" ? null : filter.key }] } : {}),
  };
}

const REQUEST_SELECT = {
  id: true, createdAt: true, completedAt: true, status: true, source: true, model: true, provider: true,
  errorCode: true, latencyMs: true, costUsd: true, simulated: true, apiKeyId: true, userId: true,
  attempts: { select: { provider: true, providerModelId: true, status: true, errorKind: true, latencyMs: true, costUsd: true }, orderBy: { startedAt: "asc" } },
  _count: { select: { images: true } },
} satisfies Prisma.GenerationSelect;

/**
 * One page of requests, newest first, keyset-paginated on (createdAt, id) after `startingAfter`; undefined
 * when the cursor names no request the filter's owner may see.
 */
export async function listRequests(filter: RequestFilter, limit: number, startingAfter?: string) {
  const client = await db();
  const where = requestWhere(filter);
  const anchor = startingAfter
    ? await client.generation.findFirst({ where: { id: startingAfter, ...(filter.owner ?? {}) }, select: { id: true, createdAt: true } })
    : null;
  if (startingAfter && !anchor) return undefined;
  const rows = await client.generation.findMany({
    where: anchor
      ? { AND: [where, { OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] }] }
      : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: REQUEST_SELECT,
  });
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof listRequests>>>["rows"][number];

/** Totals for the same filters as listRequests. */
export async function summarizeRequests(filter: RequestFilter) {
  const client = await db();
  const where = requestWhere(filter);
  const [totals, byStatus] = await Promise.all([
    client.generation.aggregate({ where, _count: { _all: true }, _sum: { costUsd: true }, _avg: { latencyMs: true } }),
    client.generation.groupBy({ where, by: ["status"], _count: { _all: true } }),
  ]);
  return {
    requests: totals._count._all,
    costUsd: totals._sum.costUsd ?? 0,
    averageLatencyMs: totals._avg.latencyMs,
    byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])),
  };
}

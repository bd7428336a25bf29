import "server-only";
import { z } from "zod";
import { ownerScopeFor, type Viewer } from "@/lib/auth/viewer";
import { groupLabels, usageAggregates, type UsageFilter, type UsageGroup, type UsageRow } from "@/lib/db/usage";
import { listRequests, summarizeRequests, type RequestFilter } from "@/lib/db/usage-requests";

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 3660;

const isoDate = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), "must be an ISO date");
const keyId = z.string().max(100).regex(/^[A-Za-z0-9_-]+$/, "must be an API key id or 'none'");
const userId = z.string().max(100);

export const USAGE_GROUPS = ["model", "provider", "key", "user", "source", "status"] as const satisfies readonly UsageGroup[];

export const usageQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  bucket: z.enum(["day", "week", "month"]).default("day"),
  group_by: z.enum(USAGE_GROUPS).default("model"),
  model: z.string().max(200).optional(),
  provider: z.string().max(100).optional(),
  source: z.string().max(50).optional(),
  key: keyId.optional(),
  /** Admins only: one user's usage (a member always sees their own). */
  user: userId.optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** The range a usage query covers: `to` defaults to now, `from` to 30 days before `to`. */
export function usageRange(from: Date | undefined, to: Date | undefined): { from: Date; to: Date } {
  const end = to ?? new Date();
  const start = from ?? new Date(end.getTime() - 30 * DAY_MS);
  if (start >= end) throw new RangeError("`from` must be before `to`");
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new RangeError(`the range is longer than ${MAX_RANGE_DAYS} days`);
  return { from: start, to: end };
}

/** The filter a viewer's query stands for: members and user-less keys are held to their own rows. */
export function usageFilter(query: UsageQuery, viewer: Viewer): UsageFilter {
  return {
    ...usageRange(query.from, query.to),
    model: query.model,
    provider: query.provider,
    source: query.source,
    key: query.key,
    owner: ownerScopeFor(viewer, query.user),
  };
}

export interface LabelledRow extends UsageRow {
  /** What people read: a key's name, a user's email; the group value itself otherwise. */
  label: string;
}

/** Aggregate rows with display labels for key and user groups. */
export async function labelledAggregates(filter: UsageFilter, query: UsageQuery, percentiles = true): Promise<LabelledRow[]> {
  const rows = await usageAggregates(filter, query.bucket, query.group_by, percentiles);
  const labels = await groupLabels(query.group_by, [...new Set(rows.map((r) => r.group))]);
  const fallback = (group: string) => (group === "none" ? (query.group_by === "key" ? "no key" : query.group_by === "user" ? "no user" : "none") : group);
  return rows.map((r) => ({ ...r, label: labels.get(r.group) ?? fallback(r.group) }));
}

export async function usageReport(query: UsageQuery, viewer: Viewer) {
  const filter = usageFilter(query, viewer);
  return { filter, rows: await labelledAggregates(filter, query) };
}

export const requestsQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(["pending", "succeeded", "partial", "failed", "interrupted", "cancelled"]).optional(),
  model: z.string().max(200).optional(),
  provider: z.string().max(100).optional(),
  key: keyId.optional(),
  user: userId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().regex(/^gen_[a-z0-9]{1,64}$/).optional(),
  summary: z.enum(["true", "false"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export type RequestsQuery = z.infer<typeof requestsQuerySchema>;

function requestFilter(query: RequestsQuery, viewer: Viewer): RequestFilter {
  return { from: query.from, to: query.to, status: query.status, model: query.model, provider: query.provider, key: query.key, owner: ownerScopeFor(viewer, query.user) };
}

/** A page of requests; undefined when `starting_after` names no generation the viewer may see. */
export const requestsPage = (query: RequestsQuery, viewer: Viewer) => listRequests(requestFilter(query, viewer), query.limit, query.starting_after);
export const requestsSummary = (query: RequestsQuery, viewer: Viewer) => summarizeRequests(requestFilter(query, viewer));

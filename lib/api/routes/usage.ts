import "server-only";
import type { z } from "zod";
import type { RequestRow } from "@/lib/db/usage-requests";
import type { Viewer } from "@/lib/auth/viewer";
import { requestsPage, requestsQuerySchema, type RequestsQuery, requestsSummary, usageQuerySchema, usageReport } from "@/lib/services/usage";
import { invalidRequest } from "../errors";
import { authenticateCaller } from "../key-auth";
import { apiRoute } from "../http";

function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = String(issue.path[0] ?? "query");
    throw invalidRequest(`${param}: ${issue.message}`, param);
  }
  return parsed.data;
}

/** GET /v1/usage: cost, saved, images, outcomes and latency percentiles per bucket and group (members: their own). */
export const usageRoute = apiRoute(async (req) => {
  const { viewer } = await authenticateCaller(req);
  const query = parseQuery(req, usageQuerySchema);
  let report;
  try {
    report = await usageReport(query, viewer);
  } catch (error) {
    if (error instanceof RangeError) throw invalidRequest(error.message, "from");
    throw error;
  }
  return Response.json({
    object: "list",
    bucket: query.bucket,
    group_by: query.group_by,
    from: report.filter.from.toISOString(),
    to: report.filter.to.toISOString(),
    data: report.rows.map((r) => ({
      object: "usage.bucket",
      start_time: r.bucket.toISOString(),
      group: r.group,
      group_label: r.label,
      generations: r.generations,
      images: r.images,
      cost_usd: Math.round(r.costUsd * 1e6) / 1e6,
      saved_usd: r.savedUsd,
      outcomes: { succeeded: r.succeeded, partial: r.partial, failed: r.failed, content_policy: r.contentPolicy, cancelled: r.cancelled },
      latency_ms: { p50: r.p50LatencyMs, p95: r.p95LatencyMs },
    })),
  });
});

function requestJson(row: RequestRow) {
  return {
    object: "request",
    id: row.id,
    created_at: row.createdAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
    status: row.status,
    source: row.source,
    model: row.model,
    provider: row.provider,
    key_id: row.apiKeyId,
    user_id: row.userId,
    simulated: row.simulated,
    images: row.images,
    error_code: row.errorCode,
    duration_ms: row.latencyMs,
    cost_usd: row.costUsd,
    attempts: row.attempts.map((a) => ({
      provider: a.provider,
      provider_model_id: a.providerModelId,
      outcome: a.status,
      error_kind: a.errorKind,
      latency_ms: a.latencyMs,
      cost_usd: a.costUsd,
    })),
  };
}

const CSV_COLUMNS = ["id", "created_at", "status", "source", "model", "provider", "key_id", "user_id", "simulated", "images", "error_code", "duration_ms", "cost_usd", "attempts"] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet; quote-and-prefix defuses it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvLine = (row: RequestRow) => {
  const json = requestJson(row);
  return CSV_COLUMNS.map((c) => csvCell(c === "attempts" ? json.attempts.length : json[c])).join(",") + "\r\n";
};

const CSV_PAGE = 500;
const CSV_MAX_ROWS = 100_000;

/** Every request the filters match (from the cursor on, up to CSV_MAX_ROWS), streamed page by page. */
function requestsCsv(query: RequestsQuery, viewer: Viewer): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = query.starting_after;
  let sent = 0;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_COLUMNS.join(",") + "\r\n"));
      }
      const page = await requestsPage({ ...query, limit: CSV_PAGE, starting_after: cursor }, viewer);
      const rows = page?.rows ?? [];
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
      sent += rows.length;
      cursor = rows.at(-1)?.id;
      if (!page?.hasMore || sent >= CSV_MAX_ROWS) controller.close();
    },
  });
}

/** GET /v1/requests: a page of requests with cost, duration, status and attempts; ?summary=true totals; ?format=csv every match. */
export const requestsRoute = apiRoute(async (req) => {
  const { viewer } = await authenticateCaller(req);
  const query = parseQuery(req, requestsQuerySchema);
  if (query.summary === "true") {
    const s = await requestsSummary(query, viewer);
    return Response.json({ object: "requests.summary", requests: s.requests, cost_usd: s.costUsd, average_latency_ms: s.averageLatencyMs, by_status: s.byStatus });
  }
  const page = await requestsPage(query, viewer);
  if (!page) throw invalidRequest(`starting_after: no request '${query.starting_after}'`, "starting_after", "invalid_cursor");
  if (query.format === "csv") {
    return new Response(requestsCsv(query, viewer), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="darkroom-requests.csv"' },
    });
  }
  const data = page.rows.map(requestJson);
  return Response.json({ object: "list", data, has_more: page.hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
});
